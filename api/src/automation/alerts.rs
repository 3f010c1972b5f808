//! Raising and clearing alerts from a job: commands on the `Alert` aggregate, counted.

use chrono::NaiveDate;
use cuepoint_domain::automation::{AlertCommand, AlertKind, AlertSubject};
use cuepoint_domain::ids::TenantId;
use serde::Serialize;

use super::JobContext;
use crate::commands::Actor;

/// How many alerts a run raised and cleared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AlertCounts {
    /// Alerts raised (an alert already open is not counted).
    pub raised: u64,
    /// Alerts cleared (an alert already cleared, or never raised, is not counted).
    pub cleared: u64,
}

/// Writes a job's alerts for one tenant, as the job's system actor.
pub struct AlertWriter<'a> {
    context: &'a JobContext,
    actor: Actor,
    tenant_id: TenantId,
    as_of: NaiveDate,
    /// What was written so far.
    pub counts: AlertCounts,
}

impl<'a> AlertWriter<'a> {
    /// A writer for `job`'s run on `tenant_id` as of `as_of`.
    pub fn new(
        context: &'a JobContext,
        job: &str,
        tenant_id: &str,
        as_of: NaiveDate,
    ) -> anyhow::Result<Self> {
        Ok(AlertWriter {
            context,
            actor: Actor::system(tenant_id, job),
            tenant_id: tenant_id
                .parse()
                .map_err(|e| anyhow::anyhow!("tenant id: {e}"))?,
            as_of,
            counts: AlertCounts::default(),
        })
    }

    /// Raises the alert of `kind` on `subject` (nothing if it is open), holding since `since`.
    pub async fn raise(
        &mut self,
        kind: AlertKind,
        subject: AlertSubject,
        since: NaiveDate,
    ) -> anyhow::Result<()> {
        let id = kind.alert_id(&subject);
        let command = AlertCommand::Raise {
            tenant_id: self.tenant_id.clone(),
            kind,
            subject,
            since,
            raised_on: self.as_of,
        };
        if self.execute(&id, command).await? {
            self.counts.raised += 1;
        }
        Ok(())
    }

    /// Clears the alert of `kind` on the subject `subject_id` (nothing if it is not open).
    pub async fn clear(&mut self, kind: AlertKind, subject_id: &str) -> anyhow::Result<()> {
        let subject = AlertSubject {
            id: subject_id.to_string(),
            name: String::new(),
        };
        let command = AlertCommand::Clear {
            cleared_on: self.as_of,
        };
        if self.execute(&kind.alert_id(&subject), command).await? {
            self.counts.cleared += 1;
        }
        Ok(())
    }

    async fn execute(&self, id: &str, command: AlertCommand) -> anyhow::Result<bool> {
        let bus = &self.context.commands;
        let committed = (bus.execute(&bus.alerts, &self.actor, id, command, Default::default()))
            .await
            .map_err(|e| anyhow::anyhow!("alert {id}: {e}"))?;
        Ok(committed.written)
    }
}
