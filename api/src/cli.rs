//! The administrative subcommands: their output goes to standard output.
#![allow(clippy::print_stdout)]

use std::sync::Arc;

use cuepoint_domain::money::Currency;
use cuepoint_domain::tenancy::TenantSlug;
use cuepoint_projections::{rebuild, registry, Projection};
use sqlx::postgres::PgConnectOptions;
use sqlx::PgPool;

use crate::config::{RebuildArgs, TenantCommand, TokenCommand};
use crate::tenancy::{create_tenant, create_token, Grant};

/// `cuepoint tenant create`
pub async fn tenant(pool: &PgPool, command: TenantCommand) -> anyhow::Result<()> {
    let TenantCommand::Create {
        slug,
        name,
        currency,
    } = command;
    let slug: TenantSlug = slug.parse()?;
    let currency: Currency = currency.parse()?;
    let tenant = create_tenant(pool, &slug, &name, &currency).await?;
    println!(
        "created tenant {} ({}), id {}, currency {}",
        tenant.slug, tenant.name, tenant.tenant_id, tenant.currency
    );
    Ok(())
}

/// `cuepoint token create`: prints the token, the only time it is shown.
pub async fn token(pool: &PgPool, command: TokenCommand) -> anyhow::Result<()> {
    let TokenCommand::Create {
        tenant,
        role,
        name,
        shows,
        advertiser,
    } = command;
    let grant = Grant {
        role,
        show_ids: shows,
        advertiser_id: advertiser,
    };
    let issued = create_token(pool, &tenant, &name, &grant).await?;
    println!("{}", issued.token);
    eprintln!(
        "token id {} ({} role, tenant {tenant}); store it now: it is not shown again",
        issued.token_id, role
    );
    Ok(())
}

/// `cuepoint rebuild NAME|--all`
pub async fn rebuild(connect: &PgConnectOptions, args: RebuildArgs) -> anyhow::Result<()> {
    let projections = match &args.name {
        Some(name) => vec![projection_named(name)?],
        None => registry::all(),
    };
    for projection in projections {
        let report = rebuild::rebuild(connect, &*projection, args.batch_size).await?;
        let seconds = report.elapsed.as_secs_f64();
        println!(
            "rebuilt {}: {} events read, {} applied, {} parked in {:.2} s ({:.0} events/s)",
            report.projection,
            report.events_read,
            report.events_applied,
            report.events_parked,
            seconds,
            report.events_read as f64 / seconds.max(1e-9)
        );
    }
    Ok(())
}

/// The projection called `name`, or an error listing the known ones.
pub fn projection_named(name: &str) -> anyhow::Result<Arc<dyn Projection>> {
    registry::by_name(name).ok_or_else(|| {
        anyhow::anyhow!(
            "no projection {name}; known: {}",
            registry::names().join(", ")
        )
    })
}
