//! Any string given as `?after=` or the `Consistency-Token` header: the token parser never
//! panics, and a token it accepts names an event by ids (as the lookup binds them) that
//! writes back as an equal token.
#![no_main]

use cuepoint_domain::ids::is_valid_id;
use cuepoint_projections::consistency::EventRef;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    if let Ok(event) = raw.parse::<EventRef>() {
        // The parts a lookup binds are ids (the database refuses a NUL byte, for one).
        let (tenant, id) = event.stream_id.split_once(':').expect("a tenant:id stream");
        assert!(is_valid_id(&event.aggregate_type) && is_valid_id(tenant) && is_valid_id(id));
        assert!(event.sequence >= 1 && event.tenant_id() == tenant);
        assert_eq!(event.to_string().parse::<EventRef>(), Ok(event));
    }
});
