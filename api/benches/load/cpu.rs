//! CPU time over a phase's measured window, from `/proc`: the service's process, this
//! (the load generator's) process, and the whole machine (every process, other work on a
//! shared machine included).

use std::time::Duration;

use anyhow::Context;
use tokio::task::JoinHandle;

use crate::measure::Window;

/// Clock ticks per second of `/proc`'s CPU times (`sysconf(_SC_CLK_TCK)`, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

/// CPU time spent during a window.
#[derive(Clone, Copy, Debug)]
pub struct CpuUse {
    /// By the service's process (user + system).
    pub service: Duration,
    /// By this process (the load generator; the service too when it runs in process).
    pub bench: Duration,
    /// By the whole machine (every core's non-idle time).
    pub machine: Duration,
    /// The window's length.
    pub wall: Duration,
    /// Whether the service ran in this process (then `service` and `bench` are one figure).
    pub same_process: bool,
}

/// A sample of the three counters, in ticks.
#[derive(Clone, Copy, Debug)]
struct Ticks {
    service: u64,
    bench: u64,
    machine: u64,
}

/// A sampler reading the counters at the start and at the end of a window.
pub struct Probe {
    task: JoinHandle<anyhow::Result<CpuUse>>,
}

impl Probe {
    /// Reads the counters when `window`'s measured part starts and when it ends, for the
    /// service running as process `service_pid`.
    pub fn start(window: Window, service_pid: u32) -> Probe {
        let task = tokio::spawn(async move {
            tokio::time::sleep_until(window.measured_from().into()).await;
            let before = ticks(service_pid)?;
            tokio::time::sleep_until(window.end().into()).await;
            let after = ticks(service_pid)?;
            let span = |a: u64, b: u64| {
                Duration::from_secs_f64(b.saturating_sub(a) as f64 / TICKS_PER_SECOND)
            };
            Ok(CpuUse {
                service: span(before.service, after.service),
                bench: span(before.bench, after.bench),
                machine: span(before.machine, after.machine),
                wall: window.measured(),
                same_process: service_pid == std::process::id(),
            })
        });
        Probe { task }
    }

    /// The CPU time of the window, once it is over.
    pub async fn finish(self) -> anyhow::Result<CpuUse> {
        self.task.await.context("the CPU probe panicked")?
    }
}

fn ticks(service_pid: u32) -> anyhow::Result<Ticks> {
    Ok(Ticks {
        service: process_ticks(&service_pid.to_string())?,
        bench: process_ticks("self")?,
        machine: machine_ticks()?,
    })
}

/// utime + stime of `/proc/<pid>/stat` (fields 14 and 15; the command name, in parentheses,
/// may hold spaces, so fields are counted after its closing parenthesis).
fn process_ticks(pid: &str) -> anyhow::Result<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .with_context(|| format!("reading /proc/{pid}/stat"))?;
    let after_name = stat.rsplit_once(')').context("no command name in stat")?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
    let field = |n: usize| -> anyhow::Result<u64> {
        Ok(fields.get(n).context("a short stat line")?.parse()?)
    };
    Ok(field(11)? + field(12)?)
}

/// Non-idle ticks of every core, from the `cpu` line of `/proc/stat` (user, nice, system,
/// irq, softirq, steal: everything but idle and iowait).
fn machine_ticks() -> anyhow::Result<u64> {
    let stat = std::fs::read_to_string("/proc/stat")?;
    let line = stat.lines().next().context("an empty /proc/stat")?;
    let values: Vec<u64> = (line.split_whitespace().skip(1))
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let [user, nice, system, _idle, _iowait, irq, softirq, steal, ..] = values[..] else {
        anyhow::bail!("a short cpu line in /proc/stat: {line}");
    };
    Ok(user + nice + system + irq + softirq + steal)
}

impl CpuUse {
    /// Microseconds of `cpu` per operation, over `count` operations.
    pub fn per_operation(cpu: Duration, count: u64) -> f64 {
        cpu.as_secs_f64() * 1e6 / count.max(1) as f64
    }
}
