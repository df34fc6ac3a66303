import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { startSmsSink } from '../test/support/delivery-sinks';

/** What the bench asks the gateway process, and what it answers. */
type Asked = { ask: 'count' } | { ask: 'arrivals'; keys: string[] };
type Question = Asked & { id: number };
type Answer = { id: number; count?: number; arrivals?: [string, number][] };

/**
 * The tests' loopback SMS gateway in a process of its own, so that neither its CPU nor the 100,000
 * messages it keeps are the bench process's. It is asked over IPC, between its requests, how many
 * distinct messages it has delivered and when some arrived; nothing crosses while messages flow.
 */
export interface GatewayProcess {
  url: string;
  /** Distinct idempotency keys delivered so far. */
  delivered(): Promise<number>;
  /** When each of `keys` first arrived (epoch ms, the same clock as the bench's). */
  arrivals(keys: readonly string[]): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export async function startGatewayProcess(): Promise<GatewayProcess> {
  const child = fork(__filename, ['--serve'], { stdio: 'inherit' });
  const [url] = (await once(child, 'message')) as [string];
  let next = 0;
  const ask = (question: Asked): Promise<Answer> => askChild(child, { ...question, id: ++next });
  return {
    url,
    delivered: async () => (await ask({ ask: 'count' })).count!,
    arrivals: async (keys) => new Map((await ask({ ask: 'arrivals', keys: [...keys] })).arrivals),
    close: async () => {
      if (child.exitCode !== null) return;
      child.kill();
      await once(child, 'exit');
    },
  };
}

function askChild(child: ChildProcess, question: Question): Promise<Answer> {
  return new Promise((resolve) => {
    const onAnswer = (answer: Answer) => {
      if (answer.id !== question.id) return;
      child.off('message', onAnswer);
      resolve(answer);
    };
    child.on('message', onAnswer);
    child.send(question);
  });
}

async function serve(): Promise<void> {
  const sink = await startSmsSink();
  process.on('message', (question: Question) => {
    if (question.ask === 'count') {
      process.send!({ id: question.id, count: sink.delivered.size } satisfies Answer);
      return;
    }
    const wanted = new Set(question.keys);
    const first = new Map<string, number>();
    for (const request of sink.requests) if (wanted.has(request.key) && !first.has(request.key)) first.set(request.key, request.at);
    process.send!({ id: question.id, arrivals: [...first] } satisfies Answer);
  });
  // Ends with the bench: asked to, or when the bench process is gone.
  for (const signal of ['SIGTERM', 'disconnect'] as const) process.on(signal, () => void sink.close().then(() => process.exit(0)));
  process.send!(sink.url);
}

if (require.main === module && process.argv.includes('--serve')) void serve();
