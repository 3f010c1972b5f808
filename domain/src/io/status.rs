//! The lifecycle of an IO: the stage it was moved to, and the status it reads as on a day.

use serde::{Deserialize, Serialize};

/// The stage an IO was moved to by commands: `draft -> sent -> signed`, or `cancelled`.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Being written; line items change freely.
    Draft,
    /// Sent to the advertiser for signature (also after an amendment).
    Sent,
    /// Signed by the advertiser.
    Signed,
    /// Cancelled, with a reason.
    Cancelled,
}

/// The status an IO reads as on a given UTC day. `live` and `completed` are derived from
/// the date for a signed IO, never commanded.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IoStatus {
    /// Being written.
    Draft,
    /// Awaiting signature.
    Sent,
    /// Signed, no flight started yet.
    Signed,
    /// Signed, between the first flight's start and the last flight's end.
    Live,
    /// Signed, every flight has ended.
    Completed,
    /// Cancelled.
    Cancelled,
}

impl IoStatus {
    /// Every status, in the order of an IO's life.
    pub const ALL: [IoStatus; 6] = [
        IoStatus::Draft,
        IoStatus::Sent,
        IoStatus::Signed,
        IoStatus::Live,
        IoStatus::Completed,
        IoStatus::Cancelled,
    ];

    /// The snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            IoStatus::Draft => "draft",
            IoStatus::Sent => "sent",
            IoStatus::Signed => "signed",
            IoStatus::Live => "live",
            IoStatus::Completed => "completed",
            IoStatus::Cancelled => "cancelled",
        }
    }

    /// Whether an IO in this status recognizes revenue: signed, live or completed.
    pub fn recognizes_revenue(&self) -> bool {
        matches!(
            self,
            IoStatus::Signed | IoStatus::Live | IoStatus::Completed
        )
    }
}

impl std::fmt::Display for IoStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
