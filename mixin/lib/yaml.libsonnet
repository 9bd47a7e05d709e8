// A small YAML writer for rule files: keys in the order Prometheus users read them, multi-line
// strings (PromQL) as block scalars, everything else as JSON scalars (which YAML reads as is).
// std.manifestYamlDoc would sort keys alphabetically and quote every expression on one line.
local order = ['name', 'interval', 'record', 'alert', 'expr', 'for', 'labels', 'annotations', 'rules'];
local rank(k) =
  local found = std.find(k, order);
  std.format('%02d%s', [if std.length(found) > 0 then found[0] else std.length(order), k]);
local keys(o) = std.sort(std.objectFields(o), rank);

// Names and label values that YAML reads back as the same string without quotes: a letter,
// then letters, digits and _-.:/#, not ending in ':' (checked by code point: std.setMember is
// slow in 0.18).
local plainChar(c) =
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58)
  || c == 95 || c == 45 || c == 46 || c == 47 || c == 35;
local plain(s) =
  std.length(s) > 0 && std.length(s) <= 80
  && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))
  && s[std.length(s) - 1] != ':'
  && std.length([c for c in std.stringChars(s) if !plainChar(std.codepoint(c))]) == 0
  && !std.member(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'True', 'False', 'Yes', 'No', 'On', 'Off', 'Null'], s);

local scalar(v, indent) =
  if std.isString(v) && std.length(std.split(v, '\n')) > 1 then
    local lines = std.split(std.rstripChars(v, '\n'), '\n');
    (if std.endsWith(v, '\n') then '|' else '|-')
    + std.join('', ['\n' + (if l == '' then '' else indent + l) for l in lines])
  else if std.isString(v) && plain(v) then v
  // Single quotes: YAML escapes nothing in them but the quote itself.
  else if std.isString(v) then "'" + std.strReplace(v, "'", "''") + "'"
  else std.toString(v);

local value(v, indent) =
  if std.isObject(v) then
    if std.length(keys(v)) == 0 then ' {}'
    else std.join('', ['\n' + indent + k + ':' + value(v[k], indent + '  ') for k in keys(v)])
  else if std.isArray(v) then
    if std.length(v) == 0 then ' []'
    else std.join('', ['\n' + indent + '- ' + item(x, indent + '  ') for x in v])
  else ' ' + scalar(v, indent),

// After "- ": an object's first key shares the dash's line.
item(v, indent) =
  if std.isObject(v) && std.length(keys(v)) > 0 then
    local ks = keys(v);
    std.join('\n' + indent, [k + ':' + value(v[k], indent + '  ') for k in ks])
  else std.stripChars(value(v, indent), ' ');

{
  // header: comment lines (without '# ') put above the document.
  document(header, doc)::
    std.join('', ['# ' + l + '\n' for l in header])
    + std.join('\n', [k + ':' + value(doc[k], '  ') for k in keys(doc)]) + '\n',
}
