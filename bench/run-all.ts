import { fork } from 'node:child_process';
import { memoryUsage } from 'node:process';
import { assessmentBench, assessmentCurvesBench } from './assessment.bench';
import { auditBench } from './audit.bench';
import { bookingBench } from './booking.bench';
import { programsBench } from './programs.bench';
import { reminderBench } from './reminders.bench';
import { waitlistBench } from './waitlist.bench';
import { weekBench } from './week.bench';
import { Bench, describeFigure, Figure, machine, median, ratioOf, startBenchEnv } from './bench-env';

const BENCHES: Bench[] = [bookingBench, weekBench, auditBench, waitlistBench, assessmentBench, assessmentCurvesBench, programsBench, reminderBench];
const MEMORY_LIMIT_MB = 300;
/** The old-space limit `npm start`, `npm run worker` and the image give the service. */
const SERVICE_HEAP_MB = 384;

/** What a bench process sends back: its figures and the peak resident memory it reached. */
interface BenchReport {
  figures: Figure[];
  peakRssMb: number;
}

/**
 * `npm run bench [-- <name>]`: every benchmark (or those whose name starts with the argument) in a
 * process of its own, with the service, on a fresh database, one line per figure; then the highest
 * peak RSS any of them reached. BENCH_RUNS=3 runs the whole set three times and ends with the
 * median of each figure and of each ratio to its floor, the way the README reports them.
 */
async function main(): Promise<void> {
  const only = process.argv[2];
  const runs = Number(process.env.BENCH_RUNS ?? 1);
  const benches = BENCHES.filter((bench) => !only || bench.name.startsWith(only));
  console.log(`rehab-scheduler benchmarks on ${machine()}`);
  const all: Figure[][] = [];
  for (let run = 1; run <= runs; run++) {
    if (runs > 1) console.log(`\nrun ${run} of ${runs}`);
    const figures: Figure[] = [];
    let peakRssMb = 0;
    for (const bench of benches) {
      const report = await inOwnProcess(bench);
      for (const figure of report.figures) {
        console.log(`  ${bench.name}: ${describeFigure(figure)}`);
        figures.push({ ...figure, name: `${bench.name}: ${figure.name}` });
      }
      peakRssMb = Math.max(peakRssMb, report.peakRssMb);
    }
    const memory: Figure = { name: 'memory: highest peak RSS of a bench process (service and client)', value: peakRssMb, unit: 'MB', target: { value: { max: MEMORY_LIMIT_MB } } };
    console.log(`  ${describeFigure(memory)}`);
    all.push([...figures, memory]);
  }
  if (runs > 1) printMedians(all);
}

/** Runs one bench in a child process, so each starts from a clean heap and its memory is its own. */
function inOwnProcess(bench: Bench): Promise<BenchReport> {
  return new Promise((resolve, reject) => {
    // With the heap limit the service runs with (package.json's start, the Dockerfile): without it
    // Node sizes the heap by the machine's memory and lets garbage grow to 300+ MB between collections.
    const child = fork(__filename, ['--child', bench.name], { stdio: 'inherit', execArgv: [...process.execArgv, `--max-old-space-size=${SERVICE_HEAP_MB}`] });
    let report: BenchReport | undefined;
    child.on('message', (message: BenchReport) => (report = message));
    child.on('error', reject);
    child.on('exit', (code) => (report && code === 0 ? resolve(report) : reject(new Error(`bench ${bench.name} exited with ${code}`))));
  });
}

async function runChild(name: string): Promise<void> {
  const bench = BENCHES.find((b) => b.name === name)!;
  const peakRss = watchPeakRss();
  const env = await startBenchEnv();
  try {
    const figures = await bench.run(env);
    await new Promise<void>((resolve, reject) => process.send!({ figures, peakRssMb: peakRss() } satisfies BenchReport, (error: Error | null) => (error ? reject(error) : resolve())));
  } finally {
    await env.close();
  }
}

/** The median over the runs of each figure and its floor; the ratio shown is the median of the runs' ratios, not the ratio of the medians. */
function printMedians(runs: Figure[][]): void {
  console.log(`\nmedians of ${runs.length} runs`);
  for (const first of runs[0]) {
    const same = runs.map((figures) => figures.find((f) => f.name === first.name)).filter((f): f is Figure => !!f);
    const values = same.map((f) => f.value);
    const ratios = same.map(ratioOf).filter((r): r is number => r !== undefined);
    const summary: Figure = { ...first, value: median(values), floor: first.floor === undefined ? undefined : median(same.map((f) => f.floor!)) };
    const ratio = ratios.length ? median(ratios) : undefined;
    const perRun = `values ${values.map((v) => v.toFixed(1)).join(', ')}` + (ratios.length ? `; ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}` : '');
    console.log(`  ${describeFigure(summary, ratio)} — runs: ${perRun}`);
  }
}

/** Samples this process's resident memory every 50 ms; returns the peak so far in MB. */
function watchPeakRss(): () => number {
  let peak = memoryUsage.rss();
  setInterval(() => (peak = Math.max(peak, memoryUsage.rss())), 50).unref();
  return () => Math.round(Math.max(peak, memoryUsage.rss()) / 2 ** 20);
}

const child = process.argv.indexOf('--child');
void (child >= 0 ? runChild(process.argv[child + 1]) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
