//! Two `cuepoint serve` processes, each with its own aggregate cache, updating the same shows
//! concurrently. Every command names itself in `X-Request-Id` (recorded in its event's
//! metadata), so the log tells which command wrote each event: each event must be the
//! event before it with exactly its command's change (a command decided on a stale show
//! would carry back fields the other process had changed), at the version the command
//! answered; a command that wrote nothing must have been answered on a version that
//! already had its value; a refused one wrote nothing. Once the load is over, a change back
//! to a value a process's cached copy still holds is written. The caches were behind (the
//! processes count the commands decided again), and the read models equal a rebuild.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use cuepoint_projections::rebuild::rebuild;
use cuepoint_projections::registry;
use rand::Rng;
use serde_json::{json, Value};
use tokio::sync::Mutex;

use crate::catalog::show_body;
use crate::support::db::table_contents;
use crate::support::process::Cuepoint;
use crate::support::TestApp;

/// Shows both processes update.
const SHOWS: usize = 5;
/// Concurrent clients per process.
const CLIENTS: usize = 4;
/// Commands per client.
const COMMANDS: usize = 25;

/// What a command changes: process 1 renames shows, process 2 changes their episodes.
#[derive(Clone, Debug)]
enum Change {
    Name(String),
    Episodes(f64),
}

impl Change {
    fn body(&self) -> Value {
        match self {
            Change::Name(name) => json!({ "name": name }),
            Change::Episodes(n) => json!({ "episodes_per_week": n }),
        }
    }

    /// `profile` with this change applied.
    fn applied_to(&self, profile: &Value) -> Value {
        let mut changed = profile.clone();
        match self {
            Change::Name(name) => changed["name"] = json!(name),
            Change::Episodes(n) => changed["episodes_per_week"] = json!(n),
        }
        changed
    }
}

/// A command sent, and its answer: `Some(version)` if accepted, `None` if refused with 409.
#[derive(Debug)]
struct Sent {
    show: String,
    change: Change,
    version: Option<i64>,
}

/// Every command sent, by request id.
type Ledger = Arc<Mutex<HashMap<String, Sent>>>;

/// An HTTP client of one process.
#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    base: String,
    tenant: String,
    token: String,
    ledger: Ledger,
}

impl Client {
    /// Sends `change` to `show` as request `id` and records the answer.
    async fn patch(&self, id: String, show: &str, change: Change) {
        let response = (self.http)
            .patch(format!("{}/api/v1/shows/{show}", self.base))
            .header("x-tenant", &self.tenant)
            .header("x-request-id", &id)
            .bearer_auth(&self.token)
            .json(&change.body())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        let version = match status {
            200 => Some(body["version"].as_i64().unwrap()),
            409 if body["error"]["code"] == "concurrent_write" => None,
            _ => panic!("PATCH {show}: {status} {body}"),
        };
        let sent = Sent {
            show: show.to_string(),
            change,
            version,
        };
        self.ledger.lock().await.insert(id, sent);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_serve_processes_on_the_same_shows_never_decide_on_a_stale_show() {
    let app = TestApp::without_workers().await;
    let url = app.db.url();
    let env = [
        ("CUEPOINT_SNAPSHOT_EVERY", "4"),
        ("CUEPOINT_CONFLICT_RETRIES", "50"),
    ];
    let ((first, base1), (second, base2)) = tokio::task::spawn_blocking(move || {
        (Cuepoint::serve(&url, &env), Cuepoint::serve(&url, &env))
    })
    .await
    .unwrap();
    let ledger = Ledger::default();
    let client = |base: &str| Client {
        http: reqwest::Client::new(),
        base: base.to_string(),
        tenant: app.tenant.slug.clone(),
        token: app.admin.clone(),
        ledger: ledger.clone(),
    };
    let (one, two) = (client(&base1), client(&base2));

    let mut shows = Vec::new();
    for n in 0..SHOWS {
        let created = (one.http)
            .post(format!("{base1}/api/v1/shows"))
            .header("x-tenant", &one.tenant)
            .bearer_auth(&one.token)
            .json(&show_body(&format!("Show {n}")))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status().as_u16(), 201);
        let body: Value = created.json().await.unwrap();
        shows.push(body["id"].as_str().unwrap().to_string());
    }
    // Both processes hold every show in their caches.
    for show in &shows {
        one.patch(
            format!("warm-1-{show}"),
            show,
            Change::Name(format!("{show} one")),
        )
        .await;
        two.patch(format!("warm-2-{show}"), show, Change::Episodes(3.0))
            .await;
    }

    let shows = Arc::new(shows);
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        for (process, client) in [(1, one.clone()), (2, two.clone())] {
            let shows = shows.clone();
            tasks.push(tokio::spawn(async move {
                for n in 0..COMMANDS {
                    let id = format!("p{process}-c{c}-{n}");
                    let (show, change) = {
                        let mut rng = rand::rng();
                        let show = shows[rng.random_range(0..shows.len())].clone();
                        let change = match process {
                            1 => Change::Name(format!("Name {id}")),
                            _ => Change::Episodes(f64::from(rng.random_range(1..=6u8))),
                        };
                        (show, change)
                    };
                    client.patch(id, &show, change).await;
                }
            }));
        }
    }
    for task in tasks {
        task.await.unwrap();
    }

    // Quiet now: process 1 holds each show as of its own rename, with 8 episodes; process 2
    // sets 7; process 1's "8" is then a change of the stored show, not a no-op on its copy.
    for show in shows.iter() {
        two.patch(format!("last-a-{show}"), show, Change::Episodes(8.0))
            .await;
        one.patch(
            format!("last-b-{show}"),
            show,
            Change::Name(format!("Last {show}")),
        )
        .await;
        two.patch(format!("last-c-{show}"), show, Change::Episodes(7.0))
            .await;
        one.patch(format!("last-d-{show}"), show, Change::Episodes(8.0))
            .await;
    }

    let ledger = ledger.lock().await;
    for show in shows.iter() {
        let version = |step: &str| ledger[&format!("last-{step}-{show}")].version.unwrap();
        assert_eq!(
            version("d"),
            version("c") + 1,
            "{show}: back to 8 was not written"
        );
    }
    let events = show_events(&app.db.pool).await;
    check_log(&ledger, &events);
    let accepted = ledger.values().filter(|s| s.version.is_some()).count();
    assert!(
        accepted >= SHOWS * 2 + CLIENTS * COMMANDS,
        "{accepted} accepted"
    );

    // Both caches were behind the log at times, and caught it.
    let stale = stale_decisions(&base1).await + stale_decisions(&base2).await;
    assert!(
        stale > 0.0,
        "no command was decided again: the caches were never exercised"
    );

    // The read models equal a rebuild.
    app.caught_up().await;
    drop((first, second));
    let pool = &app.db.pool;
    for projection in registry::all() {
        let mut incremental = Vec::new();
        for table in projection.tables() {
            incremental.push(table_contents(pool, table).await);
        }
        rebuild(&app.db.options(), &*projection, 7).await.unwrap();
        for (table, before) in projection.tables().iter().zip(incremental) {
            let after = table_contents(pool, table).await;
            assert_eq!(after, before, "{table}: incremental and rebuilt differ");
        }
    }
}

/// Each show's events in order: (sequence, request id, profile).
type Events = BTreeMap<String, Vec<(i64, Option<String>, Value)>>;

async fn show_events(pool: &sqlx::PgPool) -> Events {
    let rows: Vec<(String, i64, Option<String>, Value)> = sqlx::query_as(
        "SELECT split_part(aggregate_id, ':', 2), sequence, metadata ->> 'request_id',
                COALESCE(payload -> 'ShowCreated', payload -> 'ShowUpdated') -> 'profile'
           FROM events WHERE aggregate_type = 'show' ORDER BY aggregate_id, sequence",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut events = Events::new();
    for (show, sequence, request, profile) in rows {
        events
            .entry(show)
            .or_default()
            .push((sequence, request, profile));
    }
    events
}

/// The checks of the log against the commands' answers (see the module's documentation).
fn check_log(ledger: &HashMap<String, Sent>, events: &Events) {
    let mut written = HashMap::new();
    for (show, log) in events {
        for (n, (sequence, request, profile)) in log.iter().enumerate() {
            assert_eq!(*sequence, n as i64 + 1, "{show}: the sequences have a gap");
            if n == 0 {
                continue;
            }
            let request = request.as_deref().expect("an update names its request");
            let sent = &ledger[request];
            assert_eq!(&sent.show, show, "{request}");
            assert_eq!(
                sent.version,
                Some(*sequence),
                "{request}: answered another version"
            );
            let before = &log[n - 1].2;
            assert_eq!(
                profile,
                &sent.change.applied_to(before),
                "{request} at {show}.{sequence} was not decided on {show}.{}",
                sequence - 1
            );
            assert!(
                written.insert(request, *sequence).is_none(),
                "{request} wrote twice"
            );
        }
    }
    for (request, sent) in ledger {
        match (sent.version, written.contains_key(request.as_str())) {
            (Some(_), true) => {}
            // Unchanged: decided on a version that already had its value.
            (Some(version), false) => {
                let log = &events[&sent.show];
                let profile = &log[usize::try_from(version - 1).unwrap()].2;
                assert_eq!(profile, &sent.change.applied_to(profile), "{request}");
            }
            (None, wrote) => assert!(!wrote, "{request} was refused but wrote"),
        }
    }
}

/// `cuepoint_command_cache_stale_total` of the show aggregate, from the process's `/metrics`.
async fn stale_decisions(base: &str) -> f64 {
    let text = reqwest::get(format!("{base}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (text.lines())
        .filter(|line| line.starts_with("cuepoint_command_cache_stale_total{"))
        .filter(|line| line.contains("aggregate=\"show\""))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}
