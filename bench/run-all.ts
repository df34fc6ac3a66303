import { assessmentBench } from './assessment.bench';
import { bookingBench } from './booking.bench';
import { programsBench } from './programs.bench';
import { reminderBench } from './reminders.bench';
import { waitlistBench } from './waitlist.bench';
import { machine, startBenchEnv } from './bench-env';

/** `npm run bench`: every benchmark on its own fresh database, one line of figures each. */
async function main(): Promise<void> {
  const only = process.argv[2];
  const benches = [bookingBench, waitlistBench, assessmentBench, programsBench, reminderBench].filter((bench) => !only || bench.name.startsWith(only));
  console.log(`rehab-scheduler benchmarks on ${machine()}`);
  for (const bench of benches) {
    const env = await startBenchEnv();
    try {
      console.log(await bench(env));
    } finally {
      await env.close();
    }
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
