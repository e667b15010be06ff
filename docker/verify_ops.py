#!/usr/bin/env python3
"""The checks behind docker/verify.sh that need to read YAML and JSON.

  verify_ops.py static               dashboards, alert rules and their tests are well formed
  verify_ops.py k8s                  manifests parse; probes, ports and Secret wiring match the service's
  verify_ops.py prometheus-config    write a Prometheus config for a local live run
  verify_ops.py prometheus           every dashboard panel, alert and recording rule returns data
  verify_ops.py sql                  every SQL query of llm-usage.json returns rows
  verify_ops.py traffic              OTLP/JSON spans, logs and metrics, a forced failure, API queries
  verify_ops.py forward              TCP forwarder to the embedded PostgreSQL: the live run's read replica
  verify_ops.py replica              where the service reads: /health, X-Read-From, storage_read* series

Python 3 standard library plus PyYAML (Debian: python3-yaml). Run by verify.sh; each command
prints what it checked and exits 1 listing every failure.
"""
import argparse
import datetime as dt
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
GRAFANA = os.path.join(ROOT, "docs", "grafana")
PROMETHEUS_DASHBOARDS = ["storage-overview.json", "database-health.json"]
SQL_DASHBOARDS = ["llm-usage.json"]
UIDS = {
    "storage-overview.json": "llm-observatory-storage-overview",
    "database-health.json": "llm-observatory-database-health",
    "llm-usage.json": "llm-observatory-llm-usage",
}
RULE_FILES = [os.path.join(ROOT, "docker", "alerts.yml"), os.path.join(ROOT, "docker", "recording-rules.yml")]
MIN_SCHEMA_VERSION = 39

# An alert expression is "<query> <comparison> <number>"; the query alone is what must return series.
ALERT_FORM = re.compile(r"^(?P<lhs>.*\S)\s*(?P<op>>=|<=|==|!=|>|<)\s*(?P<threshold>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*$",
                        re.DOTALL)


class Failures:
    def __init__(self):
        self.items = []

    def add(self, message):
        self.items.append(message)

    def check(self, condition, message):
        if not condition:
            self.add(message)
        return condition

    def exit(self, what):
        if self.items:
            print(f"FAILED: {what}: {len(self.items)} problem(s)")
            for item in self.items:
                print(f"  - {item}")
            sys.exit(1)
        print(f"ok: {what}")


def load_json(name):
    with open(os.path.join(GRAFANA, name)) as f:
        return json.load(f)


def load_yaml(path):
    with open(path) as f:
        return yaml.safe_load(f)


def panels(dashboard):
    """Every panel with queries, rows' nested panels included."""
    for p in dashboard.get("panels", []):
        if p.get("type") == "row":
            yield from (q for q in p.get("panels", []))
        else:
            yield p


def targets(dashboard):
    for p in panels(dashboard):
        for t in p.get("targets", []):
            yield p, t


def variables(dashboard):
    return {v["name"]: v for v in dashboard.get("templating", {}).get("list", [])}


def alert_rules():
    for path in RULE_FILES:
        for group in load_yaml(path)["groups"]:
            for rule in group["rules"]:
                yield os.path.basename(path), group["name"], rule


def alert_lhs(expr):
    m = ALERT_FORM.match(expr.strip())
    return m.group("lhs") if m else None


# ----------------------------------------------------------------------------------------- static
def cmd_static(args):
    f = Failures()
    exprs = []
    for name in PROMETHEUS_DASHBOARDS + SQL_DASHBOARDS:
        d = load_json(name)
        kind = "prometheus" if name in PROMETHEUS_DASHBOARDS else "grafana-postgresql-datasource"
        f.check("__inputs" not in d, f"{name}: has __inputs (use the datasource variable instead)")
        f.check(d.get("uid") == UIDS[name], f"{name}: uid is {d.get('uid')!r}, expected {UIDS[name]!r}")
        f.check(d.get("id") is None, f"{name}: carries a database id")
        f.check(d.get("schemaVersion", 0) >= MIN_SCHEMA_VERSION,
                f"{name}: schemaVersion {d.get('schemaVersion')} < {MIN_SCHEMA_VERSION}")
        vs = variables(d)
        ds = vs.get("datasource")
        f.check(ds is not None and ds.get("type") == "datasource" and ds.get("query") == kind,
                f"{name}: needs a datasource variable of type datasource for {kind}")
        if kind == "prometheus":
            for var in ("application", "instance"):
                v = vs.get(var)
                f.check(v is not None and v.get("type") == "query" and "label_values(" in str(v.get("query")),
                        f"{name}: needs an {var} query variable (label_values)")
        else:
            f.check("project" in vs, f"{name}: needs a project variable")
        count = 0
        for p, t in targets(d):
            count += 1
            where = f"{name}: panel {p.get('title')!r} {t.get('refId')}"
            for obj, what in ((p, "panel"), (t, "query")):
                src = obj.get("datasource") or {}
                f.check(src.get("uid") == "${datasource}" and src.get("type") == kind,
                        f"{where}: {what} datasource is {src}, expected {{type: {kind}, uid: ${{datasource}}}}")
            if kind == "prometheus":
                expr = t.get("expr", "")
                if not f.check(expr, f"{where}: no expr"):
                    continue
                for rng in re.findall(r"\[([^\]]+)\]", expr):
                    f.check(rng in ("$__rate_interval", "$__range"),
                            f"{where}: range [{rng}] (use [$__rate_interval], or [$__range] for totals)")
                f.check('application="$application"' in expr and 'instance=~"$instance"' in expr,
                        f"{where}: does not filter on $application and $instance")
                if p.get("type") == "heatmap":
                    f.check(t.get("format") == "heatmap" and "_bucket" in expr,
                            f"{where}: a heatmap reads _bucket series with format heatmap")
                exprs.append((where, substitute_promql(expr, "llm-observatory", ".+")))
            else:
                sql = t.get("rawSql", "")
                if not f.check(sql and t.get("rawQuery"), f"{where}: no raw SQL"):
                    continue
                # Spans are filtered on their start, the usage rollups (usage_model_hours) on their hour.
                time = "hour" if "usage_model_hours" in sql else "start_time"
                f.check(f"$__timeFilter({time})" in sql, f"{where}: no $__timeFilter({time})")
                f.check("project_id IN ($project)" in sql, f"{where}: does not filter on $project")
                if t.get("format") == "time_series":
                    f.check(f"$__timeGroupAlias({time}, $__interval)" in sql,
                            f"{where}: a time series groups by $__timeGroupAlias({time}, $__interval)")
        f.check(count > 0, f"{name}: no queries")
        print(f"  {name}: {count} queries")

    # Every panel expression parses: promtool checks them as recording rules.
    rules = {"groups": [{"name": "dashboards", "rules": [
        {"record": f"dashboard:expr_{i}", "expr": e} for i, (_, e) in enumerate(exprs)]}]}
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as tmp:
        yaml.safe_dump(rules, tmp)
    try:
        out = subprocess.run(["promtool", "check", "rules", tmp.name], capture_output=True, text=True)
        f.check(out.returncode == 0, "dashboard expressions do not parse:\n" + out.stdout + out.stderr)
        print(f"  {len(exprs)} Prometheus panel expressions parse (promtool check rules)")
    finally:
        os.unlink(tmp.name)

    # Alerts: severity, for, annotations, a runbook section for each, and the "<query> <op> <number>" form.
    with open(os.path.join(ROOT, "docs", "MONITORING.md")) as fh:
        monitoring = fh.read()
    anchors = {github_anchor(h) for h in re.findall(r"^#+\s+(.+?)\s*$", monitoring, re.MULTILINE)}
    alerts = []
    for file, group, rule in alert_rules():
        if "alert" not in rule:
            continue
        name = rule["alert"]
        alerts.append(name)
        where = f"{file}: {name}"
        f.check(rule.get("for"), f"{where}: no for:")
        f.check(rule.get("labels", {}).get("severity") in ("critical", "warning"),
                f"{where}: severity must be critical or warning")
        ann = rule.get("annotations", {})
        for key in ("summary", "description", "runbook_url"):
            f.check(ann.get(key), f"{where}: no {key} annotation")
        url = ann.get("runbook_url", "")
        f.check(url == f"docs/MONITORING.md#{name.lower()}",
                f"{where}: runbook_url {url!r}, expected docs/MONITORING.md#{name.lower()}")
        f.check(name.lower() in anchors, f"{where}: docs/MONITORING.md has no heading '{name}'")
        f.check(alert_lhs(rule["expr"]) is not None,
                f"{where}: expression is not '<query> <comparison> <number>'")
    print(f"  {len(alerts)} alerts with severity, for, summary, description and a runbook section")

    # Unit tests: each alert fires in some test and stays quiet in another.
    tests = load_yaml(os.path.join(ROOT, "docker", "alerts.test.yml"))
    fires, quiet = set(), set()
    for test in tests.get("tests", []):
        for case in test.get("alert_rule_test", []):
            (fires if case.get("exp_alerts") else quiet).add(case["alertname"])
    for name in alerts:
        f.check(name in fires, f"alerts.test.yml: no test where {name} fires")
        f.check(name in quiet, f"alerts.test.yml: no test where {name} stays quiet")
    print(f"  {len(fires & set(alerts))} alerts tested firing, {len(quiet & set(alerts))} tested quiet")
    f.exit("dashboards, alert rules and tests are well formed")


def github_anchor(heading):
    text = re.sub(r"[`*_]", "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def substitute_promql(expr, application, instance_regex, rate_interval="1m", rng="5m"):
    return (expr.replace("$__rate_interval", rate_interval)
            .replace("$__range", rng)
            .replace("$__interval", "15s")
            .replace("$application", application)
            .replace("$instance", instance_regex))


# -------------------------------------------------------------------------------------------- k8s
def service_contract():
    """The service's documented defaults, from the README's configuration table and probe text."""
    with open(os.path.join(ROOT, "README.md")) as fh:
        readme = fh.read()
    ports = {}
    for var, key in (("OBSERVATORY_MANAGEMENT_PORT", "management"), ("OBSERVATORY_OTLP_HTTP_PORT", "otlp-http"),
                     ("OBSERVATORY_OTLP_GRPC_PORT", "otlp-grpc"), ("OBSERVATORY_API_PORT", "api")):
        m = re.search(r"\|\s*`" + var + r"`\s*\|\s*`(\d+)`", readme)
        ports[key] = int(m.group(1)) if m else None
    paths = {p: p in readme for p in ("/health/live", "/health/ready")}
    return ports, paths


# The connection settings the Deployment reads from its Secret: required ones (a pod without them cannot
# run) and optional ones (the read replica: unset means every read goes to the primary).
SECRET_ENV_REQUIRED = ("OBSERVATORY_DATABASE_URL", "OBSERVATORY_DATABASE_USER", "OBSERVATORY_DATABASE_PASSWORD",
                       "OBSERVATORY_REDIS_URL")
SECRET_ENV_OPTIONAL = ("OBSERVATORY_DATABASE_READ_URL", "OBSERVATORY_DATABASE_READ_USER",
                       "OBSERVATORY_DATABASE_READ_PASSWORD")


def check_secret_wiring(f, env):
    """Connection settings come from one Secret, the read replica's as optional keys, no password is written
    into the manifest, and docs/MONITORING_SETUP.md shows how to create that Secret with every key read."""
    refs = {}
    for e in env:
        name = e.get("name", "")
        ref = (e.get("valueFrom") or {}).get("secretKeyRef")
        if ref:
            refs[name] = ref
        elif "PASSWORD" in name:
            f.add(f"Deployment: {name} is written into the manifest; read it from the Secret (secretKeyRef)")
    for name in SECRET_ENV_REQUIRED + SECRET_ENV_OPTIONAL:
        f.check(name in refs, f"Deployment: {name} is not read from a Secret (secretKeyRef)")
    for name in SECRET_ENV_REQUIRED:
        if name in refs:
            f.check(not refs[name].get("optional", False),
                    f"Deployment: {name} is optional, but the service cannot run without it")
    for name in SECRET_ENV_OPTIONAL:
        if name in refs:
            f.check(refs[name].get("optional") is True,
                    f"Deployment: {name} must be optional: true (pods must start from a Secret without a replica)")
    secrets = {r.get("name") for r in refs.values()}
    if not f.check(len(secrets) == 1, f"Deployment: settings come from several Secrets {sorted(map(str, secrets))}"):
        return
    secret = secrets.pop()
    with open(os.path.join(ROOT, "docs", "MONITORING_SETUP.md")) as fh:
        setup = fh.read()
    f.check(f"kubectl create secret generic {secret}" in setup,
            f"docs/MONITORING_SETUP.md: no 'kubectl create secret generic {secret}'")
    for name, ref in sorted(refs.items()):
        f.check(f"--from-literal={ref.get('key')}=" in setup,
                f"docs/MONITORING_SETUP.md: the Secret's key {ref.get('key')!r} ({name}) is not shown"
                f" (--from-literal={ref.get('key')}=...)")
    print(f"  Secret {secret}: {len(refs)} keys read by the Deployment "
          f"({sum(1 for r in refs.values() if r.get('optional'))} optional), looked up in docs/MONITORING_SETUP.md")


def cmd_k8s(args):
    f = Failures()
    ports, paths = service_contract()
    for key, port in ports.items():
        f.check(port is not None, f"README.md: no default port for {key}")
    for path, found in paths.items():
        f.check(found, f"README.md: does not document {path}")
    print(f"  service contract (README.md): ports {ports}, probes /health/live and /health/ready")

    docs = {}
    k8s = os.path.join(ROOT, "deploy", "k8s")
    for fn in sorted(os.listdir(k8s)):
        if not fn.endswith((".yaml", ".yml")):
            continue
        try:
            with open(os.path.join(k8s, fn)) as fh:
                for doc in yaml.safe_load_all(fh):
                    if doc:
                        f.check("kind" in doc and "apiVersion" in doc, f"{fn}: a document without kind/apiVersion")
                        docs.setdefault(doc.get("kind"), []).append((fn, doc))
        except yaml.YAMLError as e:
            f.add(f"{fn}: does not parse: {e}")
    print(f"  parsed: " + ", ".join(f"{k} ({fn})" for k, v in sorted(docs.items()) for fn, _ in v))

    for kind in ("Deployment", "Service", "ServiceMonitor", "PrometheusRule", "Kustomization"):
        f.check(kind in docs, f"deploy/k8s: no {kind}")
    if not f.items:
        deployment = docs["Deployment"][0][1]
        pod = deployment["spec"]["template"]["spec"]
        container = pod["containers"][0]
        named = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
        f.check(named == ports, f"Deployment container ports {named}, expected {ports}")
        env = {e["name"]: e.get("value") for e in container.get("env", [])}
        f.check(env.get("OBSERVATORY_BIND_ADDRESS") == "0.0.0.0", "Deployment: OBSERVATORY_BIND_ADDRESS is not 0.0.0.0")
        for var, key in (("OBSERVATORY_MANAGEMENT_PORT", "management"), ("OBSERVATORY_OTLP_HTTP_PORT", "otlp-http"),
                         ("OBSERVATORY_OTLP_GRPC_PORT", "otlp-grpc"), ("OBSERVATORY_API_PORT", "api")):
            if var in env:
                f.check(env[var] == str(ports[key]), f"Deployment: {var}={env[var]} but the {key} port is {ports[key]}")
        for probe, path in (("startupProbe", None), ("livenessProbe", "/health/live"),
                            ("readinessProbe", "/health/ready")):
            p = container.get(probe)
            if not f.check(p and "httpGet" in p, f"Deployment: no HTTP {probe}"):
                continue
            get = p["httpGet"]
            if path:
                f.check(get.get("path") == path, f"Deployment: {probe} path {get.get('path')}, expected {path}")
            else:
                f.check(get.get("path") in ("/health/live", "/health/ready"),
                        f"Deployment: startupProbe path {get.get('path')} is not a health endpoint")
            port = named.get(get.get("port"), get.get("port"))
            f.check(port == ports["management"],
                    f"Deployment: {probe} port {get.get('port')} is not the management port {ports['management']}")
        check_secret_wiring(f, container.get("env", []))
        grace = pod.get("terminationGracePeriodSeconds", 30)
        f.check(grace >= 30, f"Deployment: terminationGracePeriodSeconds {grace} leaves no margin over the 20 s drain")
        res = container.get("resources", {})
        f.check(res.get("requests") and res.get("limits", {}).get("memory"), "Deployment: no resource requests/limits")

        service = docs["Service"][0][1]
        sports = {p["name"]: (p["port"], p.get("targetPort")) for p in service["spec"]["ports"]}
        f.check({k: v[0] for k, v in sports.items()} == ports, f"Service ports {sports}, expected {ports}")
        for name, (_, target) in sports.items():
            f.check(target in (name, ports.get(name)), f"Service port {name} targets {target}")
        f.check(service["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items(),
                "Service selector does not match the pod labels")

        monitor = docs["ServiceMonitor"][0][1]
        endpoints = monitor["spec"]["endpoints"]
        f.check(any(e.get("port") == "management" and e.get("path", "/metrics") == "/metrics" for e in endpoints),
                "ServiceMonitor does not scrape port management at /metrics")
        f.check(monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items(),
                "ServiceMonitor selector does not match the Service labels")
        job_label = monitor["spec"].get("jobLabel")
        f.check(job_label and service["metadata"]["labels"].get(job_label) == "llm-observatory",
                "ServiceMonitor jobLabel does not give job=\"llm-observatory\" (the alerts select it)")

        rule = docs["PrometheusRule"][0][1]
        expected = [g for path in RULE_FILES for g in load_yaml(path)["groups"]]
        f.check(rule["spec"]["groups"] == expected,
                "PrometheusRule groups differ from docker/alerts.yml + docker/recording-rules.yml")
        kust = docs["Kustomization"][0][1]
        listed = set(kust.get("resources", []))
        present = {fn for v in docs.values() for fn, _ in v} - {"kustomization.yaml"}
        f.check(present <= listed, f"kustomization.yaml does not list {sorted(present - listed)}")
    f.exit("Kubernetes manifests parse and match the service's probes and ports")


# ------------------------------------------------------------------------------ prometheus-config
def cmd_prometheus_config(args):
    """docker/prometheus.yml with the target, self-scrape, intervals and rule paths of a local run."""
    config = load_yaml(os.path.join(ROOT, "docker", "prometheus.yml"))
    config["global"]["scrape_interval"] = args.interval
    config["global"]["evaluation_interval"] = args.interval
    config["global"]["scrape_timeout"] = args.interval
    config["rule_files"] = [os.path.join(ROOT, "docker", r) for r in config["rule_files"]]
    jobs = {j["job_name"]: j for j in config["scrape_configs"]}
    jobs["llm-observatory"]["static_configs"] = [{"targets": [args.target]}]
    jobs["prometheus"]["static_configs"] = [{"targets": [args.self_target]}]
    with open(args.out, "w") as fh:
        yaml.safe_dump(config, fh, sort_keys=False)


# ------------------------------------------------------------------------------------- prometheus
class Prometheus:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def get(self, path, **params):
        query = urllib.parse.urlencode(params, doseq=True)
        with urllib.request.urlopen(f"{self.url}{path}?{query}", timeout=30) as r:
            body = json.load(r)
        if body.get("status") != "success":
            raise RuntimeError(body.get("error", body))
        return body["data"]

    def query(self, expr):
        """(series, finite): how many series the instant query returned and how many had a number."""
        data = self.get("/api/v1/query", query=expr)
        kind, result = data["resultType"], data["result"]
        if kind == "scalar":
            values = [result[1]]
        elif kind == "vector":
            values = [s["value"][1] for s in result]
        elif kind == "matrix":
            values = [s["values"][-1][1] for s in result if s["values"]]
        else:
            values = []
        finite = sum(1 for v in values if math.isfinite(float(v)))
        return len(values), finite

    def label_values(self, selector, label):
        series = self.get("/api/v1/series", **{"match[]": selector})
        return sorted({s[label] for s in series if label in s})


def label_values_query(q):
    m = re.fullmatch(r"\s*label_values\(\s*(.+?)\s*,\s*(\w+)\s*\)\s*", q)
    if not m:
        raise ValueError(f"unsupported variable query {q!r}")
    return m.group(1), m.group(2)


def promql_regex(values):
    return "|".join(re.escape(v) for v in values).replace("\\", "\\\\")


def cmd_prometheus(args):
    f = Failures()
    prom = Prometheus(args.url)
    # The scrape works and every rule evaluates without error.
    targets_ = prom.get("/api/v1/targets")["activeTargets"]
    ours = [t for t in targets_ if t["labels"].get("job") == "llm-observatory"]
    f.check(ours and all(t["health"] == "up" for t in ours),
            "scrape of the service is not up: " + "; ".join(f"{t['scrapeUrl']}: {t['health']} {t.get('lastError')}"
                                                            for t in ours))
    for group in prom.get("/api/v1/rules")["groups"]:
        for rule in group["rules"]:
            f.check(rule.get("health") == "ok",
                    f"rule {rule['name']} does not evaluate: {rule.get('health')} {rule.get('lastError', '')}")

    summary = []
    for name in PROMETHEUS_DASHBOARDS:
        d = load_json(name)
        vs = variables(d)
        # The variables as Grafana would fill them: application first, then the instances of it.
        sel, label = label_values_query(vs["application"]["query"])
        apps = prom.label_values(sel, label)
        if not f.check(apps, f"{name}: variable application ({vs['application']['query']}) has no values"):
            summary.append((name, 0, 0))
            continue
        application = apps[0]
        sel, label = label_values_query(vs["instance"]["query"].replace("$application", application))
        instances = prom.label_values(sel, label)
        if not f.check(instances, f"{name}: variable instance has no values for application {application}"):
            summary.append((name, 0, 0))
            continue
        evaluated = with_data = 0
        for p, t in targets(d):
            expr = substitute_promql(t["expr"], application, promql_regex(instances), args.rate_interval,
                                     args.range)
            evaluated += 1
            series, finite = prom.query(expr)
            if finite:
                with_data += 1
            else:
                f.add(f"{name}: panel {p['title']!r} {t['refId']}: "
                      + ("no series" if not series else f"{series} series, all NaN (no observations)")
                      + f"\n      {expr}")
            if args.verbose:
                print(f"    [{finite}/{series}] {name} {p['title']} {t['refId']}")
        print(f"  {name}: application={application} instance={','.join(instances)}: "
              f"{evaluated} panel queries evaluated, {with_data} returned data")
        summary.append((name, evaluated, with_data))

    evaluated = with_data = 0
    for file, group, rule in alert_rules():
        if "alert" in rule:
            expr, what = alert_lhs(rule["expr"]), f"alert {rule['alert']} (left-hand side)"
        else:
            expr, what = rule["expr"], f"recording rule {rule['record']}"
        evaluated += 1
        series, finite = prom.query(expr)
        if finite:
            with_data += 1
        else:
            f.add(f"{file}: {what}: " + ("no series" if not series else f"{series} series, all NaN")
                  + f"\n      {' '.join(expr.split())}")
        if args.verbose:
            print(f"    [{finite}/{series}] {what}")
    print(f"  rules: {evaluated} alert and recording rule expressions evaluated, {with_data} returned data")
    f.exit("every dashboard panel and rule expression returns data")


# -------------------------------------------------------------------------------------------- sql
def expand_macros(sql, start, end, interval_s):
    ts = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    sql = re.sub(r"\$__timeFilter\(\s*(\w+)\s*\)",
                 lambda m: f"{m.group(1)} BETWEEN '{ts(start)}' AND '{ts(end)}'", sql)
    sql = re.sub(r"\$__timeGroupAlias\(\s*(\w+)\s*,\s*\$__interval\s*\)",
                 lambda m: f'floor(extract(epoch from {m.group(1)})/{interval_s})*{interval_s} AS "time"', sql)
    sql = sql.replace("$__timeFrom()", f"'{ts(start)}'").replace("$__timeTo()", f"'{ts(end)}'")
    return sql


def psql(url, sql):
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-P", "null=<NULL>", "-v", "ON_ERROR_STOP=1",
                          "-d", url, "-c", sql], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def cmd_sql(args):
    f = Failures()
    end = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(minutes=1)
    start = end - dt.timedelta(hours=args.hours)
    for name in SQL_DASHBOARDS:
        d = load_json(name)
        vq = expand_macros(variables(d)["project"]["query"], start, end, args.interval)
        try:
            projects = [row[0] for row in psql(args.url, vq)]
        except RuntimeError as e:
            f.add(f"{name}: variable project: {e}")
            projects = []
        if not f.check(projects, f"{name}: variable project has no values (no spans in the last {args.hours} h)"):
            print(f"  {name}: 0 SQL queries evaluated, 0 returned data")
            continue
        project_list = ",".join("'" + p.replace("'", "''") + "'" for p in projects)
        evaluated = with_data = 0
        for p, t in targets(d):
            sql = expand_macros(t["rawSql"], start, end, args.interval).replace("$project", project_list)
            where = f"{name}: panel {p['title']!r} {t['refId']}"
            evaluated += 1
            if not f.check("$" not in sql, f"{where}: unexpanded macro or variable in\n{sql}"):
                continue
            try:
                rows = psql(args.url, sql)
            except RuntimeError as e:
                f.add(f"{where}: {e}")
                continue
            # A time column alone is no data: some other cell must hold a value.
            values = [c for row in rows for c in (row[1:] if t.get("format") == "time_series" else row)]
            if rows and any(c != "<NULL>" for c in values):
                with_data += 1
            else:
                f.add(f"{where}: " + ("no rows" if not rows else "only NULL values"))
            if args.verbose:
                print(f"    [{len(rows)} rows] {p['title']}")
        print(f"  {name}: project={','.join(projects)}: {evaluated} SQL queries evaluated, {with_data} returned data")
    f.exit("every SQL panel query returns data")


# ---------------------------------------------------------------------------------------- traffic
MODELS = [("openai", "gpt-4o-mini"), ("openai", "gpt-4o"), ("anthropic", "claude-3-5-haiku-20241022"),
          ("google", "gemini-1.5-flash")]


def attr(key, value):
    if isinstance(value, bool):
        return {"key": key, "value": {"boolValue": value}}
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    if isinstance(value, float):
        return {"key": key, "value": {"doubleValue": value}}
    return {"key": key, "value": {"stringValue": str(value)}}


def resource(service):
    return {"attributes": [attr("service.name", service), attr("deployment.environment", "verify")]}


def llm_spans(count, rng, now_ns):
    """One trace per LLM call: an agent step with a chat span under it; every fifth call fails."""
    spans = []
    for i in range(count):
        provider, model = MODELS[i % len(MODELS)]
        trace, root = rng.randbytes(16).hex(), rng.randbytes(8).hex()
        start = now_ns - rng.randrange(1, 60_000) * 1_000_000
        duration = rng.randrange(200, 4000) * 1_000_000
        error = i % 5 == 4
        spans.append({"traceId": trace, "spanId": root, "name": "agent step", "kind": 1,
                      "startTimeUnixNano": str(start), "endTimeUnixNano": str(start + duration + 5_000_000),
                      "attributes": [attr("gen_ai.operation.name", "invoke_agent")],
                      "status": {"code": 2 if error else 1}})
        spans.append({"traceId": trace, "spanId": rng.randbytes(8).hex(), "parentSpanId": root,
                      "name": f"chat {model}", "kind": 3,
                      "startTimeUnixNano": str(start + 1_000_000), "endTimeUnixNano": str(start + duration),
                      "attributes": [attr("gen_ai.provider.name", provider), attr("gen_ai.operation.name", "chat"),
                                     attr("gen_ai.request.model", model), attr("gen_ai.response.model", model),
                                     attr("gen_ai.usage.input_tokens", rng.randrange(50, 2000)),
                                     attr("gen_ai.usage.output_tokens", rng.randrange(10, 800)),
                                     attr("gen_ai.conversation.id", f"session-{i % 7}"),
                                     attr("user.id", f"user-{i % 3}")],
                      "events": [{"timeUnixNano": str(start + duration // 2), "name": "gen_ai.choice",
                                  "attributes": [attr("finish_reason", "stop")]}],
                      "status": {"code": 2, "message": "rate limited"} if error else {"code": 1}})
    return {"resourceSpans": [{"resource": resource("verify-agent"),
                               "scopeSpans": [{"scope": {"name": "verify_ops"}, "spans": spans}]}]}


def log_records(count, rng, now_ns):
    records = [{"timeUnixNano": str(now_ns - i * 1_000_000), "observedTimeUnixNano": str(now_ns),
                "severityNumber": 17 if i % 10 == 0 else 9, "severityText": "ERROR" if i % 10 == 0 else "INFO",
                "body": {"stringValue": f"verify log line {i}"}, "attributes": [attr("iteration", i)],
                "traceId": rng.randbytes(16).hex(), "spanId": rng.randbytes(8).hex()} for i in range(count)]
    return {"resourceLogs": [{"resource": resource("verify-agent"),
                              "scopeLogs": [{"scope": {"name": "verify_ops"}, "logRecords": records}]}]}


def metric_points(rng, now_ns):
    start = now_ns - 60_000_000_000
    point = lambda **kw: {"startTimeUnixNano": str(start), "timeUnixNano": str(now_ns),
                          "attributes": [attr("gen_ai.request.model", "gpt-4o-mini")], **kw}
    metrics = [
        {"name": "gen_ai.client.token.usage", "unit": "{token}", "histogram": {
            "aggregationTemporality": 2,
            "dataPoints": [point(count="4", sum=1700.0, bucketCounts=["1", "2", "1"], explicitBounds=[100.0, 1000.0])]}},
        {"name": "verify.requests", "unit": "1", "sum": {
            "aggregationTemporality": 2, "isMonotonic": True, "dataPoints": [point(asInt=str(rng.randrange(1, 100)))]}},
        {"name": "verify.queue.depth", "unit": "1", "gauge": {"dataPoints": [point(asDouble=rng.random() * 10)]}},
    ]
    return {"resourceMetrics": [{"resource": resource("verify-agent"),
                                 "scopeMetrics": [{"scope": {"name": "verify_ops"}, "metrics": metrics}]}]}


def post_json(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def terminate_backends(url):
    """Kills the service's PostgreSQL connections: their next use fails (connection or shutdown), and
    the writer retries the batch on a new one."""
    try:
        rows = psql(url, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                         "WHERE pid <> pg_backend_pid() AND datname = current_database() "
                         "AND application_name = 'llm-observatory'")
        return int(rows[0][0])
    except RuntimeError as e:
        print(f"    could not terminate connections: {e}")
        return 0


def cmd_traffic(args):
    import concurrent.futures
    import random
    import time
    rng = random.Random(20240601)
    statuses = {}

    def send(path, body):
        status = post_json(args.otlp_http + path, body)
        statuses[(path, status)] = statuses.get((path, status), 0) + 1
        return status

    now = time.time_ns()
    # Large requests fill batches past the COPY threshold (64 items); single items go by INSERT.
    for _ in range(3):
        send("/v1/traces", llm_spans(150, rng, now))
        send("/v1/logs", log_records(200, rng, now))
    for _ in range(10):
        send("/v1/traces", llm_spans(1, rng, time.time_ns()))
        send("/v1/logs", log_records(1, rng, time.time_ns()))
        send("/v1/metrics", metric_points(rng, time.time_ns()))
    # A transient failure and its retry: connections killed while small writes keep coming.
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(send, "/v1/traces", llm_spans(2, rng, time.time_ns())) for _ in range(40)]
        killed = 0
        for _ in range(5):
            time.sleep(0.2)
            killed += terminate_backends(args.database)
        concurrent.futures.wait(futures)
    print(f"    OTLP/HTTP responses: " + ", ".join(f"{p} {s}: {n}" for (p, s), n in sorted(statuses.items())))
    print(f"    PostgreSQL connections terminated mid-traffic: {killed}")

    # Queries: every GET of the query API that takes no path parameter.
    answered = 0
    try:
        with urllib.request.urlopen(args.api + "/api/v1/openapi.json", timeout=10) as r:
            spec = json.load(r)
        for path, ops in sorted(spec.get("paths", {}).items()):
            if "get" in ops and "{" not in path and not path.endswith("openapi.json"):
                try:
                    with urllib.request.urlopen(args.api + path, timeout=30) as r:
                        answered += 1
                except urllib.error.HTTPError as e:
                    print(f"    GET {path}: {e.code}")
    except (urllib.error.URLError, OSError, ValueError) as e:
        print(f"    query API not available ({e}): no queries driven")
    print(f"    query API GETs answered 2xx: {answered}")
    accepted = sum(n for (p, s), n in statuses.items() if 200 <= s < 300)
    if not accepted:
        print("FAILED: no OTLP request was accepted")
        sys.exit(1)


# ---------------------------------------------------------------------------------------- replica
def cmd_forward(args):
    """Forwards TCP connections on 127.0.0.1:<listen-port> to the port the embedded PostgreSQL listens on, read
    from its postmaster.pid (fourth line) for each connection. The live run's read URL names the service's own
    database through it: a read target that is not in recovery (lag 0), and one that can be taken away by
    stopping this process (every forwarded connection closes with it) and given back by starting it again."""
    import asyncio
    import signal

    def target_port():
        with open(args.postmaster_pid) as fh:
            return int(fh.read().splitlines()[3])

    async def pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def handle(client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", target_port())
        except (OSError, ValueError, IndexError):
            client_writer.close()   # no database yet: the client sees the connection closed
            return
        try:
            await asyncio.gather(pipe(client_reader, upstream_writer), pipe(upstream_reader, client_writer))
        except asyncio.CancelledError:
            # Stopping: both ends are closed now (and the task ends quietly instead of cancelled).
            client_writer.close()
            upstream_writer.close()

    async def serve():
        server = await asyncio.start_server(handle, "127.0.0.1", args.listen_port, reuse_address=True)
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            asyncio.get_running_loop().add_signal_handler(sig, stop.set)
        print(f"forwarding 127.0.0.1:{args.listen_port} to the port in {args.postmaster_pid}", flush=True)
        async with server:
            await stop.wait()

    asyncio.run(serve())


def http_get(url, timeout=10):
    """(status, headers, body) of a GET; an HTTP error status is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def scrape_values(text, family):
    """{label text: value} of the samples of one family in a Prometheus text scrape."""
    values = {}
    for m in re.finditer(r"(?m)^" + re.escape(family) + r"(?:\{([^}]*)\})? (\S+)", text):
        values[m.group(1) or ""] = float(m.group(2))
    return values


def labelled(values, label, value):
    return sum(v for k, v in values.items() if f'{label}="{value}"' in k)


def cmd_replica(args):
    """The read replica as the service reports it: /health's replica component, the X-Read-From header of a
    query API answer, readiness, and the storage_read* series, polled until they agree with --expect
    (replica: reads go to the reachable replica; primary: the replica is unreachable, reads fell back)."""
    import time
    f = Failures()
    health_url, metrics_url = args.management + "/health", args.management + "/metrics"
    read_url = args.api + "/api/v1/traces"
    status, _, body = http_get(metrics_url)
    before = scrape_values(body, "storage_reads_total") if status == 200 else {}
    # The fallbacks as the previous call left them: the replica went away between the two calls, and the
    # service may have counted the switch before this call's first scrape.
    fallbacks_before = scrape_values(body, "storage_read_fallbacks_total") if status == 200 else {}
    if args.state and os.path.exists(args.state):
        with open(args.state) as fh:
            fallbacks_before = json.load(fh)["fallbacks"]

    deadline = time.monotonic() + args.timeout
    seen = {}
    while True:
        problems = []
        status, _, body = http_get(health_url)
        try:
            health = json.loads(body)
        except ValueError:
            health = {}
        component = health.get("components", {}).get("replica", {})
        details = component.get("details", {})
        seen["health"] = f"HTTP {status}, status {health.get('status')}, replica {json.dumps(component)}"
        if status != 200:
            problems.append(f"/health answered {status}, expected 200 (the replica is not essential)")
        if args.expect == "replica":
            if component.get("status") != "UP" or details.get("readsFrom") != "replica":
                problems.append("/health: replica component is not UP with readsFrom replica")
            if not isinstance(details.get("lagSeconds"), (int, float)):
                problems.append("/health: replica component has no numeric lagSeconds")
        else:
            if component.get("status") != "DOWN" or health.get("status") != "DEGRADED":
                problems.append("/health: replica component is not DOWN with the overall status DEGRADED")
        status, headers, _ = http_get(read_url)
        seen["read"] = f"GET /api/v1/traces: HTTP {status}, X-Read-From {headers.get('X-Read-From')!r}"
        if status != 200 or headers.get("X-Read-From") != args.expect:
            problems.append(f"GET /api/v1/traces: HTTP {status}, X-Read-From {headers.get('X-Read-From')!r}, "
                            f"expected 200 and {args.expect!r}")
        if not problems or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    for p in problems:
        f.add(p)
    print(f"  {seen.get('health')}")
    print(f"  {seen.get('read')}")

    status, _, _ = http_get(args.management + "/health/ready")
    f.check(status == 200, f"/health/ready answered {status}: readiness must not depend on the read replica")

    status, _, body = http_get(metrics_url)
    if f.check(status == 200, f"/metrics answered {status}"):
        reads = scrape_values(body, "storage_reads_total")
        fallbacks = scrape_values(body, "storage_read_fallbacks_total")
        up = scrape_values(body, "storage_read_replica_up")
        lag = scrape_values(body, "storage_read_replica_lag_seconds")
        for family, values, label, wanted in (("storage_reads_total", reads, "target", ("primary", "replica")),
                                              ("storage_read_fallbacks_total", fallbacks, "reason",
                                               ("unreachable", "lagging"))):
            for value in wanted:
                f.check(any(f'{label}="{value}"' in k for k in values), f"/metrics: no {family}{{{label}=\"{value}\"}}")
        f.check(labelled(reads, "target", args.expect) > labelled(before, "target", args.expect),
                f"/metrics: storage_reads_total{{target=\"{args.expect}\"}} did not grow with the reads above")
        f.check(len(up) == 1 and len(lag) == 1, "/metrics: storage_read_replica_up and storage_read_replica_lag_seconds"
                                                " must each have one series when a read URL is set")
        if up:
            f.check(list(up.values())[0] == (1 if args.expect == "replica" else 0),
                    f"/metrics: storage_read_replica_up is {list(up.values())[0]:g}")
        if args.expect == "replica" and lag:
            f.check(list(lag.values())[0] == 0,
                    f"/metrics: storage_read_replica_lag_seconds is {list(lag.values())[0]:g}, expected 0 for a"
                    " database not in recovery")
        if args.expect == "primary":
            unreachable = "storage_read_fallbacks_total{reason=\"unreachable\"}"
            f.check(labelled(fallbacks, "reason", "unreachable") > labelled(fallbacks_before, "reason", "unreachable"),
                    f"/metrics: {unreachable} did not grow when the replica went away")
        if args.state:
            with open(args.state, "w") as fh:
                json.dump({"fallbacks": fallbacks}, fh)
        by = lambda values, label: {k.split(f"{label}=")[-1].strip('"'): v for k, v in sorted(values.items())}
        print(f"  /metrics: reads {by(reads, 'target')}, fallbacks {by(fallbacks, 'reason')}, "
              f"up {list(up.values())}, lag {list(lag.values())}")
    f.exit(f"the service reads from the {args.expect}" +
           (" (replica reachable)" if args.expect == "replica" else " (replica unreachable)"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("static")
    sub.add_parser("k8s")
    pc = sub.add_parser("prometheus-config")
    pc.add_argument("--target", required=True, help="host:port of the service's management server")
    pc.add_argument("--self-target", required=True, help="host:port Prometheus listens on")
    pc.add_argument("--interval", default="1s")
    pc.add_argument("--out", required=True)
    pq = sub.add_parser("prometheus")
    pq.add_argument("--url", required=True)
    pq.add_argument("--rate-interval", default="1m", help="stands for $__rate_interval")
    pq.add_argument("--range", default="5m", help="stands for $__range")
    pq.add_argument("--verbose", action="store_true")
    sq = sub.add_parser("sql")
    sq.add_argument("--url", required=True, help="a libpq URL for psql")
    sq.add_argument("--hours", type=int, default=6, help="the dashboard's time range")
    sq.add_argument("--interval", type=int, default=60, help="seconds standing for $__interval")
    sq.add_argument("--verbose", action="store_true")
    tr = sub.add_parser("traffic")
    tr.add_argument("--otlp-http", required=True, help="base URL of the OTLP/HTTP receiver")
    tr.add_argument("--api", required=True, help="base URL of the query API")
    tr.add_argument("--database", required=True, help="a libpq URL of the service's PostgreSQL")
    fw = sub.add_parser("forward")
    fw.add_argument("--listen-port", type=int, required=True, help="port to listen on, on 127.0.0.1")
    fw.add_argument("--postmaster-pid", required=True, help="postmaster.pid of the PostgreSQL to forward to")
    rp = sub.add_parser("replica")
    rp.add_argument("--management", required=True, help="base URL of the management server")
    rp.add_argument("--api", required=True, help="base URL of the query API")
    rp.add_argument("--expect", required=True, choices=["replica", "primary"], help="where reads must go")
    rp.add_argument("--timeout", type=float, default=30, help="seconds to wait for the service to agree")
    rp.add_argument("--state", help="file keeping the counters from one call to the next")
    args = ap.parse_args()
    {"static": cmd_static, "k8s": cmd_k8s, "prometheus-config": cmd_prometheus_config,
     "prometheus": cmd_prometheus, "sql": cmd_sql,
     "traffic": cmd_traffic, "forward": cmd_forward, "replica": cmd_replica}[args.command](args)


if __name__ == "__main__":
    main()
