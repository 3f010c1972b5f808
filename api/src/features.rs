//! The feature flags (SPEC 9), read once at start from the environment (or the command
//! line) into [`FeatureFlags`]: the router, the job runner and the scheduler ask it.

use clap::builder::{StringValueParser, TypedValueParser};
use clap::{ArgAction, Args};
use cuepoint_domain::feature::{parse_flag, Feature};

/// The seven flags, all on by default. A value other than `true`/`1`/`on` or
/// `false`/`0`/`off` (any case) stops the start with a message naming the variable.
#[derive(Clone, Debug, Args)]
pub struct FeatureArgs {
    /// CSV upload of listener metrics (`POST /api/v1/etl/csv`).
    #[arg(long, env = "ENABLE_ETL_CSV_UPLOAD", default_value = "true", action = ArgAction::Set, value_parser = flag(Feature::EtlCsvUpload))]
    pub enable_etl_csv_upload: bool,
    /// Matchmaking (`/matches`, the fit part of the advertiser dashboard, recalculate-matches).
    #[arg(long, env = "ENABLE_MATCHMAKING", default_value = "true", action = ArgAction::Set, value_parser = flag(Feature::Matchmaking))]
    pub enable_matchmaking: bool,
    /// IO bookings (`/io...`, makegood-detection).
    #[arg(long, env = "ENABLE_IO_BOOKINGS", default_value = "true", action = ArgAction::Set, value_parser = flag(Feature::IoBookings))]
    pub enable_io_bookings: bool,
    /// The deal pipeline (`/deals...`, `/pipeline`, pipeline-alerts).
    #[arg(long, env = "ENABLE_DEAL_PIPELINE", default_value = "true", action = ArgAction::Set, value_parser = flag(Feature::DealPipeline))]
    pub enable_deal_pipeline: bool,
    /// The dashboards (`/dashboard/...`).
    #[arg(long, env = "ENABLE_NEW_DASHBOARD_CARDS", default_value = "true", action = ArgAction::Set, value_parser = flag(Feature::DashboardCards))]
    pub enable_new_dashboard_cards: bool,
    /// Automation (`/automation/...`, `/alerts`, `/webhooks`, the scheduler).
    #[arg(long, env = "ENABLE_AUTOMATION_JOBS", default_value = "true", action = ArgAction::Set, value_parser = flag(Feature::AutomationJobs))]
    pub enable_automation_jobs: bool,
    /// Google Sheets import (`POST /api/v1/etl/google-sheets`).
    #[arg(long, env = "ENABLE_GOOGLE_SHEETS_IMPORT", default_value = "true", action = ArgAction::Set, value_parser = flag(Feature::GoogleSheetsImport))]
    pub enable_google_sheets_import: bool,
}

/// Parses one flag's value by the rule of SPEC 9, naming its variable when it is wrong.
fn flag(feature: Feature) -> impl TypedValueParser<Value = bool> {
    StringValueParser::new().try_map(move |raw| parse_flag(feature, &raw))
}

impl Default for FeatureArgs {
    fn default() -> Self {
        FeatureFlags::all_on().args()
    }
}

/// Which features are on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureFlags {
    on: [bool; 7],
}

impl FeatureFlags {
    /// Every feature on (the product's default).
    pub fn all_on() -> FeatureFlags {
        FeatureFlags { on: [true; 7] }
    }

    /// The same flags with `feature` switched `on` or off.
    pub fn with(mut self, feature: Feature, on: bool) -> FeatureFlags {
        self.on[index(feature)] = on;
        self
    }

    /// Whether `feature` is on.
    pub fn is_on(&self, feature: Feature) -> bool {
        self.on[index(feature)]
    }

    /// The first of `features` that is off, if any.
    pub fn first_off(&self, features: &[Feature]) -> Option<Feature> {
        features.iter().copied().find(|f| !self.is_on(*f))
    }

    /// The flags as command-line arguments.
    pub fn args(&self) -> FeatureArgs {
        FeatureArgs {
            enable_etl_csv_upload: self.is_on(Feature::EtlCsvUpload),
            enable_matchmaking: self.is_on(Feature::Matchmaking),
            enable_io_bookings: self.is_on(Feature::IoBookings),
            enable_deal_pipeline: self.is_on(Feature::DealPipeline),
            enable_new_dashboard_cards: self.is_on(Feature::DashboardCards),
            enable_automation_jobs: self.is_on(Feature::AutomationJobs),
            enable_google_sheets_import: self.is_on(Feature::GoogleSheetsImport),
        }
    }
}

impl From<&FeatureArgs> for FeatureFlags {
    fn from(args: &FeatureArgs) -> Self {
        FeatureFlags::all_on()
            .with(Feature::EtlCsvUpload, args.enable_etl_csv_upload)
            .with(Feature::Matchmaking, args.enable_matchmaking)
            .with(Feature::IoBookings, args.enable_io_bookings)
            .with(Feature::DealPipeline, args.enable_deal_pipeline)
            .with(Feature::DashboardCards, args.enable_new_dashboard_cards)
            .with(Feature::AutomationJobs, args.enable_automation_jobs)
            .with(
                Feature::GoogleSheetsImport,
                args.enable_google_sheets_import,
            )
    }
}

/// The position of `feature` in [`Feature::ALL`].
fn index(feature: Feature) -> usize {
    Feature::ALL
        .iter()
        .position(|f| *f == feature)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Command, FromArgMatches};

    fn parse(env_free_args: &[&str]) -> Result<FeatureFlags, clap::Error> {
        let command = FeatureArgs::augment_args(Command::new("t"));
        let matches = command.try_get_matches_from(env_free_args)?;
        Ok(FeatureFlags::from(&FeatureArgs::from_arg_matches(
            &matches,
        )?))
    }

    #[test]
    fn every_flag_is_on_by_default_and_each_switches_its_feature() {
        assert_eq!(parse(&["t"]).unwrap(), FeatureFlags::all_on());
        let flags = parse(&[
            "t",
            "--enable-matchmaking",
            "OFF",
            "--enable-io-bookings",
            "0",
        ])
        .unwrap();
        assert!(!flags.is_on(Feature::Matchmaking));
        assert!(!flags.is_on(Feature::IoBookings));
        assert!(flags.is_on(Feature::DealPipeline));
        assert_eq!(
            flags.first_off(&[Feature::AutomationJobs, Feature::IoBookings]),
            Some(Feature::IoBookings)
        );
        for feature in Feature::ALL {
            let args = FeatureFlags::all_on().with(feature, false).args();
            assert_eq!(
                FeatureFlags::from(&args).first_off(&Feature::ALL),
                Some(feature)
            );
        }
    }

    #[test]
    fn a_bad_value_is_refused_naming_the_variable() {
        let error = parse(&["t", "--enable-deal-pipeline", "maybe"]).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("ENABLE_DEAL_PIPELINE"), "{message}");
        assert!(message.contains("maybe"), "{message}");
    }
}
