//! The matches read model (SPEC 7, audience fit): every (advertiser, show) pair of a tenant
//! scored by the domain's `matching::audience_fit`, kept current by the `matches`
//! projection as shows and advertisers are created and changed, and listed best first.

mod profiles;
mod projection;
mod queries;
mod scores;

pub use projection::MatchesProjection;
pub use queries::{excluded, ranked, ExcludedShow, ShowFit};
