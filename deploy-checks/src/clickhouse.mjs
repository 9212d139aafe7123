// The files one member of the rendered ClickHouse job gets on its node: the job's templates after Terraform
// and after Nomad's template runner (member meta as NOMAD_META_*, secrets from the job's Nomad variable).

import { renderConsulTemplate } from './consul-template.mjs';
import { parseJobspec, renderScenario, task } from './scenarios.mjs';

// The node address Nomad would give the tasks (NOMAD_IP_<port>): one of CLICKHOUSE_NETWORKS in the scenarios.
export const NODE_IP = '10.0.1.5';

// Returns {result, files: {destination: text}, settings} for a group such as server-1-1 or keeper-2; nodeIp is the
// address Nomad gives the member's ports.
export async function clickhouseFiles(scenario, groupName, extra = {}, nodeIp = NODE_IP) {
    const result = await renderScenario(scenario, extra);
    const job = await parseJobspec('clickhouse', result.render.jobspecs.clickhouse);
    const group = job.groups[groupName];
    if (!group) throw new Error(`the ${scenario} ClickHouse job has no group ${groupName}`);
    const taskName = groupName.startsWith('keeper') ? 'keeper' : 'clickhouse';
    const env = Object.fromEntries(Object.entries(group.meta?.[0] ?? {}).map(([k, v]) => [`NOMAD_META_${k}`, v]));
    for (const port of Object.keys(group.network[0].port)) env[`NOMAD_IP_${port}`] = nodeIp;
    const variables = { [`nomad/jobs/${result.render.job_names.clickhouse}`]: result.render.secrets.clickhouse };
    const files = {};
    for (const template of task(group, taskName).template) files[template.destination] = renderConsulTemplate(template.data, { variables, env });
    return { result, files, settings: result.settings };
}
