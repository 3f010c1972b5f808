//! The pipeline and a deal's page: the columns' totals, then the deal moved, won (its draft
//! IO found), refused a second win, reopened and lost through the page's forms.

use std::time::Duration;

use axum::http::StatusCode;
use cuepoint_domain::tenancy::Role;

use super::{fixture, Fixture};
use crate::support::web::{Page, WebSession};

/// Posts the form `action` of the fixture's deal, follows the redirect and answers the
/// deal's page as it reads after the command.
async fn act(
    session: &WebSession<'_>,
    fixture: &Fixture,
    action: &str,
    fields: &[(&str, &str)],
) -> Page {
    let path = format!("/pipeline/deals/{}/{action}", fixture.deal);
    let done = session.post(&path, fields).await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{action}: {}",
        done.body
    );
    let back = done.location().to_string();
    assert!(
        back.starts_with(&format!("/pipeline/deals/{}?after=", fixture.deal)),
        "{back}"
    );
    let page = session.get(&back).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page
}

#[tokio::test]
async fn staff_work_a_deal_from_the_pipeline_to_its_draft_io() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Ops)).await;
    let board = session.get("/pipeline").await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    // The fixture's deal: 5,000.00 USD in proposal (50 %): weighted 2,500.00.
    let proposal = &board.body[board.body.find(r#"data-stage="proposal""#).unwrap()..];
    let proposal = &proposal[..proposal.find("</section>").unwrap()];
    for figure in [
        r#"data-figure="deals">1<"#,
        r#"data-figure="amount">5,000.00 USD<"#,
        r#"data-figure="weighted">2,500.00 USD<"#,
    ] {
        assert!(proposal.contains(figure), "{figure}: {proposal}");
    }
    assert!(proposal.contains(&format!(
        r#"<a href="/pipeline/deals/{}">Spring reads</a>"#,
        fixture.deal
    )));
    assert!(
        board.body.contains(r#"data-stage="lead""#)
            && board.body.contains(r#"data-stage="closed_lost""#)
    );

    // Negotiation is 75 %: 3,750.00.
    let moved = act(&session, &fixture, "stage", &[("stage", "negotiation")]).await;
    assert!(moved.body.contains(r#"data-status="Negotiation""#));
    assert!(moved
        .body
        .contains(r#"data-figure="weighted">3,750.00 USD<"#));

    let won = act(&session, &fixture, "win", &[]).await;
    assert!(
        won.body.contains(r#"data-status="Closed won""#),
        "{}",
        won.body
    );
    // The won-deal process makes the draft IO and links it: the page links to it then.
    let mut page = won;
    for _ in 0..100 {
        if page.body.contains(r#"data-figure="io""#) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        page = session
            .get(&format!("/pipeline/deals/{}", fixture.deal))
            .await;
    }
    let link = page
        .body
        .split(r#"<a href="/ios/"#)
        .nth(1)
        .expect("a link to the draft IO");
    let io = &link[..link.find('"').unwrap()];
    let draft = session.get(&format!("/ios/{io}")).await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.body);
    assert!(
        draft.body.contains(r#"data-status="Draft""#),
        "{}",
        draft.body
    );
    assert!(draft
        .body
        .contains(&format!(r#"<a href="/pipeline/deals/{}">"#, fixture.deal)));

    // A closed deal cannot be won again: the API's 409, on the page, in the frame.
    let again = session
        .post(&format!("/pipeline/deals/{}/win", fixture.deal), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body.contains("Sign out"));

    let reopened = act(&session, &fixture, "reopen", &[("stage", "lead")]).await;
    assert!(reopened.body.contains(r#"data-status="Lead""#));
    let lost = act(
        &session,
        &fixture,
        "lose",
        &[("reason", "price"), ("note", "too dear")],
    )
    .await;
    assert!(
        lost.body.contains(r#"data-figure="loss">Price: too dear<"#),
        "{}",
        lost.body
    );
    // Stage history: proposal, negotiation, closed won, lead, closed lost.
    assert_eq!(lost.body.matches("<tr><td>").count(), 5, "{}", lost.body);

    // A reason the API does not know is its 422, named.
    let reopen = act(&session, &fixture, "reopen", &[("stage", "qualified")]).await;
    assert!(reopen.body.contains(r#"data-status="Qualified""#));
    let bad = session
        .post(
            &format!("/pipeline/deals/{}/lose", fixture.deal),
            &[("reason", "weather")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("reason"));
    // Without the CSRF token the form is refused.
    let forged = session
        .post(
            &format!("/pipeline/deals/{}/win", fixture.deal),
            &[("csrf", "")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_unknown_deal_is_not_found() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, &fixture.app.admin).await;
    let page = session.get("/pipeline/deals/dl-nope").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("deal"), "{}", page.body);
}
