//! Where a deal stands in the pipeline, and why a lost deal was lost.

snake_enum!(
    /// The stage of a deal. Four open stages, in the usual order of a sale (a deal may move
    /// between them in any order), and two closed ones reached by winning or losing.
    DealStage,
    "deal stage (lead, qualified, proposal, negotiation, closed_won, closed_lost)",
    "unknown_stage",
    {
        /// A first contact; 10 %.
        Lead => "lead",
        /// The advertiser has a need and a budget; 25 %.
        Qualified => "qualified",
        /// A proposal was sent; 50 %.
        Proposal => "proposal",
        /// Terms are being negotiated; 75 %.
        Negotiation => "negotiation",
        /// Won: the advertiser buys; 100 %.
        ClosedWon => "closed_won",
        /// Lost, with a [`LossReason`]; 0 %.
        ClosedLost => "closed_lost",
    }
);

impl DealStage {
    /// The open stages, in the usual order of a sale.
    pub const OPEN: [DealStage; 4] = [
        DealStage::Lead,
        DealStage::Qualified,
        DealStage::Proposal,
        DealStage::Negotiation,
    ];

    /// Whether the deal is still being worked: every stage but `closed_won` and
    /// `closed_lost`.
    pub fn is_open(&self) -> bool {
        !matches!(self, DealStage::ClosedWon | DealStage::ClosedLost)
    }

    /// The chance of winning a deal in this stage, in percent: `lead` 10, `qualified` 25,
    /// `proposal` 50, `negotiation` 75, `closed_won` 100, `closed_lost` 0.
    pub fn probability_pct(&self) -> u8 {
        match self {
            DealStage::Lead => 10,
            DealStage::Qualified => 25,
            DealStage::Proposal => 50,
            DealStage::Negotiation => 75,
            DealStage::ClosedWon => 100,
            DealStage::ClosedLost => 0,
        }
    }
}

impl Default for DealStage {
    /// A new deal starts as a `lead` unless told otherwise.
    fn default() -> Self {
        DealStage::Lead
    }
}

snake_enum!(
    /// Why a deal was lost (required when losing one).
    LossReason,
    "loss reason (price, timing, competitor, no_budget, no_fit, other)",
    "unknown_reason",
    {
        /// Too expensive.
        Price => "price",
        /// Not now.
        Timing => "timing",
        /// Another seller won it.
        Competitor => "competitor",
        /// The advertiser has no budget for it.
        NoBudget => "no_budget",
        /// The shows do not suit the advertiser.
        NoFit => "no_fit",
        /// Anything else (explained in the note).
        Other => "other",
    }
);
