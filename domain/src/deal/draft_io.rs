//! The draft IO of a won deal, made exactly once: its id is derived from the deal's, so
//! creating it again (after a crash, a retry, a second worker, or a deal won again after a
//! reopen) finds the IO already there instead of making a second one.

use crate::ids::{DealId, InvalidId, IoId};

/// The id of the draft IO made for `deal` when it is won: `io-<deal id>`. An error only
/// for a deal id too long to prefix (Cuepoint's own deal ids are UUIDs, 36 characters).
pub fn draft_io_id(deal: &DealId) -> Result<IoId, InvalidId> {
    format!("io-{deal}").parse()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deal_has_one_draft_io_id_whatever_the_number_of_wins() {
        let deal: DealId = "0193a0c5-2b1d-7c3e-9f4a-1b2c3d4e5f60".parse().unwrap();
        let first = draft_io_id(&deal).unwrap();
        assert_eq!(first.as_str(), "io-0193a0c5-2b1d-7c3e-9f4a-1b2c3d4e5f60");
        assert_eq!(draft_io_id(&deal).unwrap(), first);
        let longest: DealId = "d".repeat(64).parse().unwrap();
        assert!(draft_io_id(&longest).is_err());
    }
}
