// Grafana dashboards. The JSON models under dashboards/ are the layout; their queries carry
// %(name)s placeholders that are filled from _config here:
//   filter    the homeserver and instance variables, for raw exporter series
//   hsFilter  the homeserver variable alone, for recorded series (they have no instance)
//   hs        the homeserver label, in by () and on () clauses and drill-down links
// plus any threshold of _config by its name.
// Only these fields carry placeholders (a description may hold a literal %).
local templated = std.set(['expr', 'query', 'definition', 'url', 'legendFormat']);
local fill(value, params) =
  if std.isObject(value) then {
    [k]: if std.isString(value[k]) && std.setMember(k, templated) then value[k] % params else fill(value[k], params)
    for k in std.objectFields(value)
  }
  else if std.isArray(value) then [fill(v, params) for v in value]
  else value;

{
  grafanaDashboards+:: {
    local c = $._config,
    local params = c {
      hs: c.homeserverLabel,
      hsFilter: '%s=~"$homeserver"' % c.homeserverLabel,
      filter: '%s=~"$homeserver",instance=~"$instance"' % c.homeserverLabel,
    },
    'synapse-e2ee-overview.json': fill(import 'dashboards/overview.json', params),
    'synapse-e2ee-device.json': fill(import 'dashboards/device.json', params),
  },
}
