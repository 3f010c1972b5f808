//! Dashboards (SPEC 7, 7.1): answers assembled from several read models, every figure
//! computed by the domain rule of its name.

pub mod advertiser;
pub mod creator;
