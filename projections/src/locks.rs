//! Advisory-lock keys.
//!
//! A projection is owned by the one connection holding its session advisory lock; the lock
//! goes away with the connection, so a dead process hands its projections over.

/// `classid` of projection-ownership locks ("CUEP").
pub const OWNER_CLASS: i32 = 0x4355_4550;
/// `classid` of rebuild locks: one rebuild of a projection at a time.
pub const REBUILD_CLASS: i32 = 0x4355_4551;

/// A stable 31-bit key for a projection name (FNV-1a), the lock's `objid`.
pub fn key(name: &str) -> i32 {
    let hash = name.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    (hash & 0x7fff_ffff) as i32
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_stable_and_distinct() {
        assert_eq!(super::key("catalog"), super::key("catalog"));
        assert_ne!(super::key("catalog"), super::key("metrics_daily"));
        assert!(super::key("catalog") >= 0);
    }
}
