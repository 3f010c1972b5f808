//! The catalog read models: shows and advertisers as the API lists them.

mod profiles;
mod projection;
mod queries;

pub use profiles::{advertiser_profile, show_profiles};
pub(crate) use projection::profile_of;
pub use projection::CatalogProjection;
pub use queries::{
    get_advertiser, get_show, list_advertisers, list_shows, show_id_by_slug, CatalogEntry, Kind,
};
