// The GraphQL over HTTP audit of the graphql-http package (its reference for servers), run
// against dondoc with an API token: node graphql_http_audit.mjs URL TOKEN. Anything but "ok"
// (an error, a warning, or a notice) is printed and counts as failed.
import { auditServer } from 'graphql-http';

const [url, token] = process.argv.slice(2);
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};
const results = await auditServer({ url, fetchFn });
let failed = 0;
for (const result of results) {
  if (result.status !== 'ok') {
    failed += 1;
    console.log(`   ${result.status.toUpperCase()} ${result.id} ${result.name}: ${result.reason}`);
  }
}
console.log(`${results.length - failed} ${failed}`);
