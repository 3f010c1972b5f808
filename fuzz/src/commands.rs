//! The command bodies of the API, each deserialised as its route does and run through the
//! aggregate that validates it, in a state where the command can succeed.
//!
//! The bodies are the domain's inputs (`IoInput`, `LineItemInput`, `LineItemPatch`,
//! `MakegoodInput`, `ResolveInput`, `DealInput`, `DealPatch`, `ShowInput`, `ShowPatch`,
//! `AdvertiserInput`, `AdvertiserPatch`). The API's own small bodies only carry strings
//! into commands (a stage, a reason, a closing day, a note): those strings are fed here as
//! a JSON array of strings or nulls, and an amendment as a JSON array of line inputs.

use std::sync::{Arc, LazyLock};

use chrono::NaiveDate;
use cuepoint_domain::catalog::fake_lookup::TestCatalog;
use cuepoint_domain::catalog::{
    Advertiser, AdvertiserCommand, AdvertiserEvent, AdvertiserInput, AdvertiserPatch,
    AdvertiserProfile, CatalogServices, Show, ShowCommand, ShowEvent, ShowInput, ShowPatch,
    ShowProfile,
};
use cuepoint_domain::deal::{Deal, DealCommand, DealEvent, DealInput, DealPatch};
use cuepoint_domain::ids::TenantId;
use cuepoint_domain::io::{
    line_item_id, makegood_id, IoBooking, IoCommand, IoEvent, IoInput, LineItemChange,
    LineItemInput, LineItemPatch, MakegoodInput, ResolveInput,
};
use cuepoint_domain::money::Currency;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::aggregate::{after, handle};

/// The fuzzed tenant's catalog: shows `show-1` and `show-2`, advertiser `adv-1`.
fn catalog() -> CatalogServices {
    Arc::new(TestCatalog)
}

/// Today (UTC) of every command.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).expect("a date")
}

fn tenant() -> TenantId {
    "tenant-1".parse().expect("a tenant id")
}

fn valid<T: DeserializeOwned>(body: serde_json::Value) -> T {
    serde_json::from_value(body).expect("a valid body")
}

/// A CPM line on `show-1` through March 2026.
fn line_input() -> LineItemInput {
    valid(json!({
        "show_id": "show-1", "placement": "mid", "format": "host_read",
        "flight": {"start": "2026-03-01", "end": "2026-03-30"},
        "pricing": {"type": "cpm", "cpm": 2500, "goal": 30000}
    }))
}

/// An IO in each state a command on it may meet.
struct Ios {
    draft: Vec<IoEvent>,
    sent: Vec<IoEvent>,
    signed: Vec<IoEvent>,
    with_makegood: Vec<IoEvent>,
}

static IOS: LazyLock<Ios> = LazyLock::new(|| {
    let services = catalog();
    let create = IoCommand::Create {
        tenant_id: tenant(),
        tenant_currency: Currency::USD,
        input: IoInput {
            advertiser_id: Some("adv-1".into()),
            line_items: vec![line_input()],
            ..IoInput::default()
        },
    };
    let draft = after::<IoBooking>(vec![], create, &services);
    let sent = after::<IoBooking>(draft.clone(), IoCommand::Send, &services);
    let signed = after::<IoBooking>(sent.clone(), IoCommand::Sign, &services);
    let raise = IoCommand::RaiseMakegood {
        input: valid(json!({"line_item_id": "li-1", "reason": "missing_ad", "impressions": 500})),
        today: today(),
    };
    let with_makegood = after::<IoBooking>(signed.clone(), raise, &services);
    Ios {
        draft,
        sent,
        signed,
        with_makegood,
    }
});

/// A deal, open and lost.
struct Deals {
    open: Vec<DealEvent>,
    lost: Vec<DealEvent>,
}

static DEALS: LazyLock<Deals> = LazyLock::new(|| {
    let services = catalog();
    let create = DealCommand::CreateDeal {
        tenant_id: tenant(),
        tenant_currency: Currency::USD,
        input: valid(json!({
            "advertiser_id": "adv-1", "name": "Spring push", "amount": 1_000_000,
            "expected_close_date": "2026-04-30", "owner": "Dana", "show_ids": ["show-1"]
        })),
        today: today(),
    };
    let open = after::<Deal>(vec![], create, &services);
    let lose = DealCommand::LoseDeal {
        reason: Some("price".into()),
        note: None,
        closed_on: None,
        today: today(),
    };
    let lost = after::<Deal>(open.clone(), lose, &services);
    Deals { open, lost }
});

static SHOW: LazyLock<Vec<ShowEvent>> = LazyLock::new(|| {
    let input: ShowInput = valid(json!({
        "name": "Night Shift", "categories": ["Comedy"],
        "audience": {"age": {"25-34": 1.0}, "gender": {"female": 1.0}, "country": {"US": 1.0}},
        "episodes_per_week": 2, "slots_per_episode": {"pre": 1, "mid": 1, "post": 0},
        "rate_card": {"pre": 2500, "mid": 3000}
    }));
    let profile = ShowProfile::parse(input).expect("a valid show");
    after::<Show>(vec![], ShowCommand::Create { profile }, &())
});

static ADVERTISER: LazyLock<Vec<AdvertiserEvent>> = LazyLock::new(|| {
    let input: AdvertiserInput = valid(json!({"name": "Acme", "category": "mattresses"}));
    let profile = AdvertiserProfile::parse(input).expect("a valid advertiser");
    after::<Advertiser>(vec![], AdvertiserCommand::Create { profile }, &())
});

/// Strings an API body carries into a command (`[stage]`, `[reason, note, closed_on]`).
type Strings = Vec<Option<String>>;

fn nth(strings: &Strings, n: usize) -> Option<String> {
    strings.get(n).cloned().flatten()
}

/// Deserialises `body` as `T` (a body the API refuses as malformed ends here) and runs
/// the command made of it.
fn with<T: DeserializeOwned>(body: &[u8], run: impl FnOnce(T)) {
    if let Ok(value) = serde_json::from_slice::<T>(body) {
        run(value);
    }
}

/// Runs the command numbered `command` (modulo the number of commands) with `body`.
pub fn feed(command: u8, body: &[u8]) {
    let services = catalog();
    let io = |given: &[IoEvent], command| {
        let _ = handle::<IoBooking>(given, command, &services);
    };
    let deal = |given: &[DealEvent], command| {
        let _ = handle::<Deal>(given, command, &services);
    };
    let (ios, deals, today) = (&*IOS, &*DEALS, today());
    match command % 19 {
        0 => with(body, |input: IoInput| {
            let tenant_currency = Currency::USD;
            io(
                &[],
                IoCommand::Create {
                    tenant_id: tenant(),
                    tenant_currency,
                    input,
                },
            )
        }),
        1 => with(body, |input: LineItemInput| {
            io(&ios.draft, IoCommand::AddLineItem { input, today })
        }),
        2 => with(body, |input: LineItemInput| {
            io(&ios.sent, IoCommand::AddLineItem { input, today })
        }),
        3 => with(body, |patch: LineItemPatch| {
            let line_item_id = line_item_id(1);
            io(
                &ios.draft,
                IoCommand::ChangeLineItem {
                    line_item_id,
                    patch,
                    today,
                },
            )
        }),
        4 => with(body, |patch: LineItemPatch| {
            let line_item_id = line_item_id(1);
            io(
                &ios.signed,
                IoCommand::ChangeLineItem {
                    line_item_id,
                    patch,
                    today,
                },
            )
        }),
        5 => with(body, |lines: Vec<LineItemInput>| {
            let mut changes: Vec<LineItemChange> =
                lines.into_iter().map(LineItemChange::Add).collect();
            changes.push(LineItemChange::Remove {
                line_item_id: line_item_id(1),
            });
            io(
                &ios.sent,
                IoCommand::Amend {
                    changes,
                    note: None,
                    today,
                },
            )
        }),
        6 => with(body, |s: Strings| {
            io(
                &ios.signed,
                IoCommand::Cancel {
                    reason: nth(&s, 0),
                    today,
                },
            )
        }),
        7 => with(body, |input: MakegoodInput| {
            io(&ios.signed, IoCommand::RaiseMakegood { input, today })
        }),
        8 => with(body, |input: ResolveInput| {
            let makegood_id = makegood_id(1);
            io(
                &ios.with_makegood,
                IoCommand::ResolveMakegood { makegood_id, input },
            )
        }),
        9 => with(body, |input: DealInput| {
            let (tenant_id, tenant_currency) = (tenant(), Currency::USD);
            deal(
                &[],
                DealCommand::CreateDeal {
                    tenant_id,
                    tenant_currency,
                    input,
                    today,
                },
            )
        }),
        10 => with(body, |patch: DealPatch| {
            deal(&deals.open, DealCommand::UpdateDeal { patch, today })
        }),
        11 => with(body, |s: Strings| {
            deal(
                &deals.open,
                DealCommand::MoveStage {
                    stage: nth(&s, 0),
                    today,
                },
            )
        }),
        12 => with(body, |s: Strings| {
            deal(
                &deals.open,
                DealCommand::WinDeal {
                    closed_on: nth(&s, 0),
                    today,
                },
            )
        }),
        13 => with(body, |s: Strings| {
            let (reason, note, closed_on) = (nth(&s, 0), nth(&s, 1), nth(&s, 2));
            deal(
                &deals.open,
                DealCommand::LoseDeal {
                    reason,
                    note,
                    closed_on,
                    today,
                },
            )
        }),
        14 => with(body, |s: Strings| {
            deal(
                &deals.lost,
                DealCommand::ReopenDeal {
                    stage: nth(&s, 0),
                    today,
                },
            )
        }),
        15 => with(body, |input: ShowInput| {
            if let Ok(profile) = ShowProfile::parse(input) {
                let _ = handle::<Show>(&[], ShowCommand::Create { profile }, &());
            }
        }),
        16 => with(body, |patch: ShowPatch| {
            let _ = handle::<Show>(&SHOW, ShowCommand::Update { patch }, &());
        }),
        17 => with(body, |input: AdvertiserInput| {
            if let Ok(profile) = AdvertiserProfile::parse(input) {
                let _ = handle::<Advertiser>(&[], AdvertiserCommand::Create { profile }, &());
            }
        }),
        _ => with(body, |patch: AdvertiserPatch| {
            let _ = handle::<Advertiser>(&ADVERTISER, AdvertiserCommand::Update { patch }, &());
        }),
    }
}
