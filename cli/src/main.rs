//! `precheck`: the command-line face of the core, for the organiser's back
//! office (batch checks) and for our own tests. Exit codes: 0 when the input
//! was valid (eligible or not, photo passing or not), 2 on invalid input.

mod native_models;
mod photo_cmd;
mod rules_cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "precheck",
    version,
    about = "报名预检：报考条件、填报资料与照片检查 / registration pre-check"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List every plan in the rule tables.
    Plans {
        #[arg(long)]
        json: bool,
    },
    /// Show a plan's conditions, materials, notes and source.
    Explain {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        json: bool,
    },
    /// Evaluate a candidate profile (JSON) against a plan.
    Check {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        profile: PathBuf,
        /// The condition the candidate will tick (its id: "1", "2", …).
        #[arg(long)]
        condition: Option<String>,
        /// The form's signing date, YYYY-MM-DD (also 2026/6/1, 20260601, as in a
        /// profile); default: the profile's as_of, else today.
        #[arg(long = "as-of")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The fill-in sheet: what to write in each box of the paper forms
    /// (申报表, 承诺书) for a plan's condition, and what would make them invalid.
    Sheet {
        #[arg(long)]
        plan: String,
        /// The condition the candidate will tick ("1", "2", …).
        #[arg(long)]
        condition: String,
        #[arg(long)]
        profile: PathBuf,
        /// The form's signing date, as for `check`; default: the profile's
        /// as_of, else today.
        #[arg(long = "as-of")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Evaluate a profile against every plan and the path up the levels.
    Levels {
        #[arg(long)]
        profile: PathBuf,
        /// The form's signing date, as for `check`; default: the profile's
        /// as_of, else today.
        #[arg(long = "as-of")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check photos (files or folders) and optionally write a fixed JPEG.
    Photo {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Which material the picture is: photo, id-front, id-back or document.
        #[arg(long, default_value = "photo")]
        material: String,
        #[arg(long)]
        plan: Option<String>,
        /// Write the fixed photo here (a file for one input, a folder for several).
        #[arg(long)]
        fix: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Check without the face detector and person segmentation (as the widget
        /// does when its model module cannot load): framing from a plain backdrop only.
        #[arg(long)]
        no_models: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Plans { json } => rules_cmd::plans(json),
        Command::Explain { plan, json } => rules_cmd::explain(&plan, json),
        Command::Check {
            plan,
            profile,
            condition,
            as_of,
            json,
        } => rules_cmd::check(
            &plan,
            &profile,
            condition.as_deref(),
            as_of.as_deref(),
            json,
        ),
        Command::Levels {
            profile,
            as_of,
            json,
        } => rules_cmd::levels(&profile, as_of.as_deref(), json),
        Command::Sheet {
            plan,
            condition,
            profile,
            as_of,
            json,
        } => rules_cmd::sheet(&plan, &condition, &profile, as_of.as_deref(), json),
        Command::Photo {
            files,
            material,
            plan,
            fix,
            json,
            no_models,
        } => photo_cmd::photo(
            &files,
            &material,
            plan.as_deref(),
            fix.as_deref(),
            json,
            !no_models,
        ),
    }
}
