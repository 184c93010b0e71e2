import type pg from 'pg';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

export interface AnalysedPlan {
  /** Every node of the plan, the root first. */
  nodes: PlanNode[];
  /** Rows the plan took from `table`: what its scans returned (over all their loops) plus what they filtered out. */
  rowsRead(table: string): number;
}

/**
 * Runs `text` under EXPLAIN ANALYZE inside a transaction that is rolled back (a claim's UPDATE changes nothing),
 * so a test can say how many rows a statement reads instead of how long it takes.
 */
export async function explainAnalyze(pool: pg.Pool, text: string, values: unknown[]): Promise<AnalysedPlan> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
      values,
    );
    const nodes = flatten(rows[0]!['QUERY PLAN'][0].Plan);
    return {
      nodes,
      rowsRead: (table) =>
        nodes
          .filter((node) => node['Relation Name'] === table)
          .reduce(
            (sum, node) =>
              sum + node['Actual Rows'] * node['Actual Loops'] + (node['Rows Removed by Filter'] ?? 0),
            0,
          ),
    };
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}
