// Entry of the conformance suite under workerd: the Workers example itself, plus one route that runs the suite.
// `GET /conformance?sink=<origin>` answers the report as JSON; every other request goes to the example.
import example from '../../../examples/cloudflare-worker/src/worker.ts';
import { runSuite } from './suite.ts';

export default {
  async fetch(request: Request, env: Parameters<typeof example.fetch>[1]): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/conformance') {
      return Response.json(await runSuite('workerd', url.searchParams.get('sink') ?? ''));
    }
    return example.fetch(request, env);
  },
};
