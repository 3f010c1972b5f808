//! `makegood-detection`: drives the IO aggregate's `DetectUnderDelivery` for every CPM line
//! of a signed IO whose flight ended on or before the day, with what it delivered; the
//! aggregate raises the automatic makegood when one is owed (the domain's
//! `owed_makegood`), once per line however often the job runs. Each makegood raised is
//! also a `makegood_raised` alert.

use chrono::NaiveDate;
use cuepoint_domain::automation::{AlertKind, AlertSubject};
use cuepoint_projections::read_models::io::ended_cpm_lines;
use serde::Serialize;

use super::alerts::AlertWriter;
use super::JobContext;
use crate::commands::Actor;

/// What the run did.
#[derive(Debug, Serialize)]
pub struct MakegoodSummary {
    /// CPM lines of signed IOs whose flight had ended.
    pub lines_checked: usize,
    /// Automatic makegoods raised by this run.
    pub makegoods_raised: u64,
}

/// Runs the job for one tenant.
pub async fn run(
    context: &JobContext,
    tenant_id: &str,
    as_of: NaiveDate,
) -> anyhow::Result<MakegoodSummary> {
    const JOB: &str = "makegood-detection";
    let lines = ended_cpm_lines(&context.pool, tenant_id, as_of).await?;
    let actor = Actor::system(tenant_id, JOB);
    let mut alerts = AlertWriter::new(context, JOB, tenant_id, as_of)?;
    let mut raised = 0;
    for line in &lines {
        let committed = (context.commands)
            .detect_under_delivery(
                &actor,
                &line.io_id,
                line.line_item_id.clone(),
                line.delivered,
                as_of,
            )
            .await
            .map_err(|e| anyhow::anyhow!("IO {}: {e}", line.io_id.as_str()))?;
        if committed.written {
            raised += 1;
            let subject = AlertSubject {
                id: format!("{}/{}", line.io_id.as_str(), line.line_item_id.as_str()),
                name: format!(
                    "automatic makegood on line {} of IO {}",
                    line.line_item_id.as_str(),
                    line.io_id.as_str()
                ),
            };
            alerts
                .raise(AlertKind::MakegoodRaised, subject, as_of)
                .await?;
        }
    }
    Ok(MakegoodSummary {
        lines_checked: lines.len(),
        makegoods_raised: raised,
    })
}
