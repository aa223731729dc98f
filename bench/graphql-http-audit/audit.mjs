// GraphQL-over-HTTP conformance audit (graphql-http serverAudits) against a running Voortgang.
// Usage: VOORTGANG_URL=http://127.0.0.1:8000/v1/graphql VOORTGANG_TOKEN=<jwt> node audit.mjs
// Exit code 1 when any MUST audit fails (status "error").
import { serverAudits } from 'graphql-http';

const url = process.env.VOORTGANG_URL ?? 'http://127.0.0.1:8000/v1/graphql';
const token = process.env.VOORTGANG_TOKEN;
if (!token) {
  console.error('VOORTGANG_TOKEN is required (voortgang token --role programmabureau ...)');
  process.exit(2);
}

function fetchFn(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const audit of serverAudits({ url, fetchFn })) {
  const result = await audit.fn();
  counts[result.status] += 1;
  const label = { ok: 'pass', notice: 'notice', warn: 'warn', error: 'FAIL' }[result.status];
  const reason = result.status === 'ok' ? '' : ` — ${result.reason}`;
  console.log(`${label.padEnd(6)} ${result.id} ${result.name}${reason}`);
}
console.log(
  `\n${counts.ok} pass, ${counts.notice} notice, ${counts.warn} warn, ${counts.error} fail (MUST)`,
);
process.exit(counts.error > 0 ? 1 : 0);
