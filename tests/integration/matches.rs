//! Matchmaking through the router: `GET /api/v1/matches` against hand-worked fit figures,
//! who may ask, a changed show or advertiser rescored, and the rebuilt read model equal to
//! the incremental one. The planning catalog here is shared with the advertiser dashboard's
//! tests.

use axum::http::{Method, StatusCode};
use cuepoint_domain::tenancy::Role;
use cuepoint_projections::read_models::matches::MatchesProjection;
use cuepoint_projections::rebuild::rebuild;
use serde_json::{json, Value};

use crate::catalog::advertiser_body;
use crate::support::app::Reply;
use crate::support::TestApp;

/// Four shows and two advertisers made through the routes.
///
/// Acme Mattress (category `home goods`) targets True Crime and Comedy, ages 25-34 and
/// 35-44, no genders, the US, and pays at most 25.00 per thousand. Other Brand is
/// `advertiser_body`'s. The fits for Acme, worked by hand
/// (`score = round(100 × (0.4 category + 0.4 demo + 0.2 geo))`):
///
/// | show | category | demo (ages × genders) | geo | score | over budget |
/// |---|---|---|---|---|---|
/// | Beta Laughs: Comedy, True Crime | 2/2 = 1 | (0.3 + 0.2) × 1 = 0.5 | 1.0 | 40 + 20 + 20 = 80 | none (mid 25.00 = max) |
/// | Alpha Crime: True Crime | 1/2 = 0.5 | (0.6 + 0.4) × 1 = 1 | 0.8 | 20 + 40 + 16 = 76 | mid (30.00) |
/// | Delta News: News | 0/2 = 0 | 0.25 × 1 = 0.25 | 0.5 | 0 + 10 + 10 = 20 | none |
/// | Gamma Blocked: blocks `Home Goods` | excluded, `blocked_category` | | | | |
///
/// Genders are not targeted: that dimension counts 1.
pub struct Planning {
    pub acme: String,
    pub other: String,
    pub alpha: String,
    pub beta: String,
    pub gamma: String,
    pub delta: String,
}

/// A show body: `audience` ages, genders 50/50, `country` shares.
fn show(name: &str, categories: Value, age: Value, country: Value) -> Value {
    json!({
        "name": name, "categories": categories,
        "audience": {"age": age, "gender": {"female": 0.5, "male": 0.5}, "country": country},
    })
}

/// Sends `body` to `path` as admin, asserting `status`; answers the reply.
pub async fn send_ok(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: StatusCode,
) -> Reply {
    let reply = app.call(method.clone(), path, &app.admin, body).await;
    assert_eq!(reply.status, status, "{method} {path}: {:?}", reply.body);
    reply
}

async fn create(app: &TestApp, path: &str, body: Value) -> String {
    let reply = send_ok(app, Method::POST, path, Some(body), StatusCode::CREATED).await;
    reply.body["id"].as_str().unwrap().to_string()
}

/// The planning catalog (see [`Planning`]), in every read model.
pub async fn planning(app: &TestApp) -> Planning {
    let mut alpha = show(
        "Alpha Crime",
        json!(["True Crime"]),
        json!({"25-34": 0.6, "35-44": 0.4}),
        json!({"US": 0.8, "CA": 0.2}),
    );
    alpha["episodes_per_week"] = json!(2);
    alpha["slots_per_episode"] = json!({"pre": 1, "mid": 1});
    alpha["rate_card"] = json!({"pre": 2000, "mid": 3000});
    alpha["metrics_source"] = json!("Megaphone");
    let mut beta = show(
        "Beta Laughs",
        json!(["Comedy", "True Crime"]),
        json!({"18-24": 0.5, "25-34": 0.3, "35-44": 0.2}),
        json!({"US": 1.0}),
    );
    beta["episodes_per_week"] = json!(1);
    beta["slots_per_episode"] = json!({"pre": 1, "mid": 2});
    beta["rate_card"] = json!({"pre": 1500, "mid": 2500});
    let mut gamma = alpha.clone();
    gamma["name"] = json!("Gamma Blocked");
    gamma["block_list"] = json!(["Home Goods"]);
    let mut delta = show(
        "Delta News",
        json!(["News"]),
        json!({"25-34": 0.25, "55-64": 0.75}),
        json!({"US": 0.5, "GB": 0.5}),
    );
    delta["episodes_per_week"] = json!(0.5);
    delta["slots_per_episode"] = json!({"mid": 2});
    delta["rate_card"] = json!({"mid": 1000});
    let shows = "/api/v1/shows";
    let planning = Planning {
        alpha: create(app, shows, alpha).await,
        beta: create(app, shows, beta).await,
        gamma: create(app, shows, gamma).await,
        delta: create(app, shows, delta).await,
        acme: create(app, "/api/v1/advertisers", acme()).await,
        other: create(app, "/api/v1/advertisers", advertiser_body("Other Brand")).await,
    };
    app.caught_up().await;
    planning
}

fn acme() -> Value {
    json!({
        "name": "Acme Mattress", "category": "home goods",
        "target_categories": ["True Crime", "Comedy"],
        "target_age_buckets": ["25-34", "35-44"], "target_genders": [],
        "target_countries": ["US"], "max_cpm": 2500
    })
}

/// One `fit` / `matches` item.
pub fn fit(show_id: &str, name: &str, score: i64, parts: [f64; 3], over_budget: Value) -> Value {
    json!({"show_id": show_id, "show_name": name, "score": score, "category": parts[0],
           "demo": parts[1], "geo": parts[2], "over_budget": over_budget})
}

/// The fits of Acme worked out in [`Planning`], best first.
pub fn acme_fits(p: &Planning) -> Vec<Value> {
    vec![
        fit(&p.beta, "Beta Laughs", 80, [1.0, 0.5, 1.0], json!([])),
        fit(&p.alpha, "Alpha Crime", 76, [0.5, 1.0, 0.8], json!(["mid"])),
        fit(&p.delta, "Delta News", 20, [0.0, 0.25, 0.5], json!([])),
    ]
}

/// Acme's excluded shows.
pub fn acme_excluded(p: &Planning) -> Value {
    json!([{"show_id": p.gamma, "show_name": "Gamma Blocked", "reason": "blocked_category"}])
}

async fn matches(app: &TestApp, token: &str, query: &str) -> Reply {
    app.call(Method::GET, &format!("/api/v1/matches{query}"), token, None)
        .await
}

#[tokio::test]
async fn matches_rank_the_shows_by_fit_with_the_parts_and_list_the_excluded() {
    let app = TestApp::spawn().await;
    let p = planning(&app).await;
    let reply = matches(&app, &app.admin, &format!("?advertiser_id={}", p.acme)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["advertiser_id"], p.acme.as_str());
    assert_eq!(reply.body["matches"], json!(acme_fits(&p)));
    assert_eq!(reply.body["excluded"], acme_excluded(&p));

    let top = matches(
        &app,
        &app.admin,
        &format!("?advertiser_id={}&limit=1", p.acme),
    )
    .await;
    assert_eq!(top.body["matches"], json!(acme_fits(&p)[..1]));

    // Other Brand (software, not blocked anywhere) targets Technology (no show has it), ages
    // 25-34, the US, max 30.00: Alpha is 0 + 0.4 × 0.6 + 0.2 × 0.8 = 0.4 -> 40; Gamma the
    // same, after it by name; Beta 0 + 0.4 × 0.3 + 0.2 = 0.32 -> 32; Delta 0.1 + 0.1 -> 20.
    let other = matches(&app, &app.admin, &format!("?advertiser_id={}", p.other)).await;
    let scores: Vec<(&str, i64)> = (other.body["matches"].as_array().unwrap().iter())
        .map(|m| {
            (
                m["show_name"].as_str().unwrap(),
                m["score"].as_i64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("Alpha Crime", 40),
        ("Gamma Blocked", 40),
        ("Beta Laughs", 32),
        ("Delta News", 20),
    ];
    assert_eq!(scores, want);
    assert_eq!(other.body["excluded"], json!([]));
}

#[tokio::test]
async fn an_advertiser_reads_its_own_matches_staff_name_one_and_creators_are_not_admitted() {
    let app = TestApp::spawn().await;
    let p = planning(&app).await;
    let own = app.token(Role::Advertiser, &[], Some(&p.acme)).await;
    let mine = matches(&app, &own, "").await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    assert_eq!(mine.body["advertiser_id"], p.acme.as_str());
    assert_eq!(mine.body["matches"], json!(acme_fits(&p)));
    let named = matches(&app, &own, &format!("?advertiser_id={}", p.acme)).await;
    assert_eq!(named.status, StatusCode::OK);

    let another = matches(&app, &own, &format!("?advertiser_id={}", p.other)).await;
    assert_eq!(another.status, StatusCode::NOT_FOUND, "{:?}", another.body);
    assert_eq!(another.code(), "not_found");

    let creator = app.token(Role::Creator, &[&p.alpha], None).await;
    let refused = matches(&app, &creator, &format!("?advertiser_id={}", p.acme)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let unnamed = matches(&app, &app.admin, "").await;
    assert_eq!(unnamed.status, StatusCode::BAD_REQUEST);
    assert_eq!(unnamed.code(), "invalid_query");
    let unknown = matches(&app, &app.admin, "?advertiser_id=nobody").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    for bad in ["?limit=0", "?limit=201", "?limit=ten"] {
        let query = format!("{bad}&advertiser_id={}", p.acme);
        let refused = matches(&app, &app.admin, &query).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(refused.code(), "invalid_query");
    }
}

/// Every row of the matches read models, for rebuild comparisons.
async fn contents(app: &TestApp) -> Vec<Value> {
    sqlx::query_scalar(
        "SELECT to_jsonb(m) FROM rm_matches m UNION ALL
         SELECT to_jsonb(p) FROM rm_match_profiles p ORDER BY 1",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_show_or_advertiser_is_rescored_and_a_rebuild_equals_the_incremental_model() {
    let app = TestApp::spawn().await;
    let p = planning(&app).await;

    // Delta now fits Acme as Beta does: Comedy and True Crime (category 1), ages 25-34 0.5
    // (demo 0.5), all US (geo 1): 40 + 20 + 20 = 80, a tie with Beta broken by name; its mid
    // at 26.00 is over Acme's 25.00.
    let patch = json!({
        "categories": ["Comedy", "True Crime"], "rate_card": {"mid": 2600},
        "audience": {"age": {"25-34": 0.5, "55-64": 0.5}, "gender": {"female": 0.5, "male": 0.5},
                     "country": {"US": 1.0}}
    });
    let path = format!("/api/v1/shows/{}", p.delta);
    let changed = send_ok(&app, Method::PATCH, &path, Some(patch), StatusCode::OK).await;
    let token = changed.body["consistency_token"].as_str().unwrap();
    let query = format!("/api/v1/matches?advertiser_id={}", p.acme);
    let reply = app.get_after(&query, token).await;
    let [beta, alpha, _] = <[Value; 3]>::try_from(acme_fits(&p)).unwrap();
    let delta = fit(&p.delta, "Delta News", 80, [1.0, 0.5, 1.0], json!(["mid"]));
    assert_eq!(reply.body["matches"], json!([beta, delta, alpha]));

    // Acme changes category and max CPM: Gamma no longer blocks it, nothing is over 35.00.
    // Gamma scores as Alpha does, 76, and follows it by name.
    let patch = json!({"category": "furniture", "max_cpm": 3500});
    let path = format!("/api/v1/advertisers/{}", p.acme);
    let changed = send_ok(&app, Method::PATCH, &path, Some(patch), StatusCode::OK).await;
    let token = changed.body["consistency_token"].as_str().unwrap();
    let reply = app.get_after(&query, token).await;
    let names: Vec<(&str, i64, &Value)> = (reply.body["matches"].as_array().unwrap().iter())
        .map(|m| {
            (
                m["show_name"].as_str().unwrap(),
                m["score"].as_i64().unwrap(),
                &m["over_budget"],
            )
        })
        .collect();
    let none = json!([]);
    let want = [
        ("Beta Laughs", 80, &none),
        ("Delta News", 80, &none),
        ("Alpha Crime", 76, &none),
        ("Gamma Blocked", 76, &none),
    ];
    assert_eq!(names, want);
    assert_eq!(reply.body["excluded"], json!([]));

    // More entries, so that the rebuild's batches of 3 events split shows and advertisers.
    for n in 0..4 {
        create(
            &app,
            "/api/v1/advertisers",
            advertiser_body(&format!("Brand {n}")),
        )
        .await;
    }
    app.caught_up().await;
    let incremental = contents(&app).await;
    // 4 shows × 6 advertisers, and their 10 profiles.
    assert_eq!(incremental.len(), 24 + 10);
    let report = rebuild(&app.db.options(), &MatchesProjection, 3)
        .await
        .unwrap();
    // Shows: 4 created, 1 changed; advertisers: 6 created, 1 changed.
    assert_eq!(report.events_applied, 5 + 7);
    assert_eq!(
        contents(&app).await,
        incremental,
        "rebuild equals incremental"
    );
}
