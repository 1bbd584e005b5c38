// Insight charts: draws an analysis answer (as the query API writes it) with ECharts. The same numbers are in
// the page as tables, so without this file or ECharts only the picture is missing.
//
// Holders: #insight-chart with #insight-data (the builder), and every [data-insight-chart] followed by a
// <script type="application/json" class="insight-data"> (dashboard tiles). The data is
// {kind, result, display?, people?, labels?}; with `people` (a link to the drill-down page), clicking a bar,
// a funnel step or a retention cell opens the persons behind it.
(() => {
    if (!window.echarts) {
        return;
    }

    const styles = getComputedStyle(document.documentElement);
    const css = (name, fallback) => styles.getPropertyValue(name).trim() || fallback;
    const muted = css("--muted", "#5f6773");
    const line = css("--line", "#e3e6eb");
    const palette = [css("--accent", "#1c64d8"), "#12a37f", "#f29d38", "#e5484d", "#8e6cef", "#2fb5d2", "#c2852f", "#d6409f", "#6b7d2a", "#7b8794"];
    const statusColors = { new: "#1c64d8", returning: "#12a37f", resurrecting: "#f29d38", dormant: "#e5484d" };

    const axis = { axisLine: { lineStyle: { color: line } }, axisLabel: { color: muted }, splitLine: { lineStyle: { color: line } } };
    // Tooltips drawn on the canvas: the page's Content-Security-Policy allows no inline styles, which ECharts' HTML tooltip writes.
    const tooltip = (trigger) => ({ trigger, renderMode: "richText", confine: true });
    const legend = (show) => ({ show, type: "scroll", top: 0, textStyle: { color: muted } });

    const drillLink = (data, pairs) => {
        if (!data.people) {
            return null;
        }

        const extra = Object.entries(pairs).filter(([, v]) => v !== undefined && v !== null)
            .map(([k, v]) => "pp." + k + "=" + encodeURIComponent(v)).join("&");
        return data.people + (data.people.includes("?") ? "&" : "?") + extra;
    };
    const bucketPairs = (bucket) => (bucket ? { "breakdown.label": bucket.label, "breakdown.kind": bucket.kind } : {});

    const lineName = (l, data) => {
        let name = l.label;
        if (l.breakdown) {
            name += " · " + l.breakdown.label;
        }

        if (l.compare === "previous") {
            name += " (-)";
        }

        return name;
    };

    const trends = (data) => {
        const r = data.result;
        const labels = r.lines.length ? r.lines[0].labels : [];
        const display = data.display || "line";
        const series = r.lines.map((l, i) => ({
            name: lineName(l, data),
            type: display === "line" ? "line" : "bar",
            stack: display === "stacked" ? (l.compare || "all") : undefined,
            data: l.values,
            showSymbol: labels.length <= 40,
            lineStyle: l.compare === "previous" ? { type: "dashed" } : undefined,
            color: palette[i % palette.length],
            // A formula's line (series -1) has no persons of its own.
            drill: l.series < 0 ? null : { series: l.series, bucket: l.breakdown, compare: l.compare === "previous" ? "previous" : null, labels: l.labels },
        }));
        return {
            option: {
                legend: legend(series.length > 1),
                grid: { left: 56, right: 16, top: series.length > 1 ? 32 : 16, bottom: 32 },
                tooltip: tooltip("axis"),
                xAxis: { type: "category", data: labels, boundaryGap: display !== "line", ...axis },
                yAxis: { type: "value", min: 0, ...axis },
                series: series.map(({ drill, ...s }) => s),
            },
            click: (p) => {
                const drill = series[p.seriesIndex] && series[p.seriesIndex].drill;
                return drill ? drillLink(data, { series: drill.series, date: drill.labels[p.dataIndex], compare: drill.compare, ...bucketPairs(drill.bucket) }) : null;
            },
        };
    };

    const funnel = (data) => {
        const groups = data.result.groups;
        const steps = groups.length ? groups[0].steps.map((s) => (s.index + 1) + ". " + s.label) : [];
        const converted = data.labels ? data.labels.converted : "converted";
        const dropped = data.labels ? data.labels.dropped : "dropped";
        const series = [];
        groups.forEach((g, gi) => {
            const name = g.breakdown ? g.breakdown.label : "";
            const color = palette[gi % palette.length];
            series.push({ name: (name ? name + " · " : "") + converted, type: "bar", stack: "g" + gi, data: g.steps.map((s) => s.count), color, group: gi, dropped: false,
                label: { show: groups.length <= 3, position: "top", color: muted, formatter: (p) => (g.steps[p.dataIndex].conversionRate * 100).toFixed(1) + "%" } });
            series.push({ name: (name ? name + " · " : "") + dropped, type: "bar", stack: "g" + gi, data: g.steps.map((s) => s.droppedOff), color, itemStyle: { opacity: 0.25 }, group: gi, dropped: true });
        });
        return {
            option: {
                legend: legend(groups.length > 1),
                grid: { left: 56, right: 16, top: groups.length > 1 ? 32 : 24, bottom: 48 },
                tooltip: tooltip("axis"),
                xAxis: { type: "category", data: steps, ...axis, axisLabel: { color: muted, interval: 0, overflow: "truncate", width: 120 } },
                yAxis: { type: "value", min: 0, ...axis },
                series: series.map(({ group, dropped: d, ...s }) => s),
            },
            click: (p) => {
                const s = series[p.seriesIndex];
                if (!s || (s.dropped && p.dataIndex === 0)) {
                    return null;
                }

                return drillLink(data, { step: p.dataIndex, dropped: s.dropped ? "true" : null, ...bucketPairs(groups[s.group].breakdown) });
            },
        };
    };

    const retention = (data) => {
        const r = data.result;
        const matrix = r.matrices[0];
        if (!matrix) {
            return null;
        }

        const periods = Array.from({ length: r.periods + 1 }, (_, i) => String(i));
        if (r.matrices.length > 1) {
            // A breakdown: one retention curve (the weighted mean) per value, so the values compare at a glance;
            // each value's full matrix is in the tables.
            return {
                option: {
                    legend: legend(true),
                    grid: { left: 8, right: 16, top: 32, bottom: 32, containLabel: true },
                    tooltip: tooltip("axis"),
                    xAxis: { type: "category", data: periods, boundaryGap: false, ...axis },
                    yAxis: { type: "value", min: 0, max: 100, axisLabel: { color: muted, formatter: "{value}%" }, splitLine: axis.splitLine },
                    series: r.matrices.map((m, i) => ({
                        name: m.breakdown ? m.breakdown.label : "",
                        type: "line",
                        data: periods.map((_, p) => {
                            const mean = m.mean.find((x) => x.period === p);
                            return mean && mean.percentage != null ? Math.round(mean.percentage * 10) / 10 : null;
                        }),
                        color: palette[i % palette.length],
                    })),
                },
                click: () => null,
            };
        }

        const cohorts = matrix.cohorts;
        const cells = [];
        cohorts.forEach((c, y) => c.percentages.forEach((pct, x) => cells.push([x, y, Math.round(pct * 10) / 10, c.values[x]])));
        return {
            option: {
                grid: { left: 8, right: 16, top: 16, bottom: 56, containLabel: true },
                tooltip: { ...tooltip("item"), formatter: (p) => cohorts[p.value[1]].label + " +" + p.value[0] + ": " + p.value[2] + "% (" + p.value[3] + ")" },
                xAxis: { type: "category", data: periods, ...axis, splitArea: { show: true } },
                yAxis: { type: "category", data: cohorts.map((c) => c.label + " (" + c.size + ")"), inverse: true, ...axis },
                visualMap: { min: 0, max: 100, calculable: false, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120, textStyle: { color: muted },
                    inRange: { color: ["#f3f7fe", css("--accent", "#1c64d8")] } },
                series: [{ type: "heatmap", data: cells, label: { show: periods.length <= 14 && cohorts.length <= 20, formatter: (p) => p.value[2] + "%" } }],
            },
            click: (p) => drillLink(data, { cohort: cohorts[p.value[1]].label, period: p.value[0], ...bucketPairs(matrix.breakdown) }),
        };
    };

    const lifecycle = (data) => {
        const r = data.result;
        const names = data.labels && data.labels.statuses ? data.labels.statuses : {};
        return {
            option: {
                legend: legend(true),
                grid: { left: 56, right: 16, top: 32, bottom: 32 },
                tooltip: tooltip("axis"),
                xAxis: { type: "category", data: r.labels, ...axis },
                yAxis: { type: "value", ...axis },
                series: r.lines.map((l) => ({ name: names[l.status] || l.status, type: "bar", stack: "all", data: l.values, color: statusColors[l.status], status: l.status })),
            },
            click: (p) => drillLink(data, { date: r.labels[p.dataIndex], status: r.lines[p.seriesIndex].status }),
        };
    };

    const bars = (labels, values, name) => ({
        grid: { left: 56, right: 16, top: 16, bottom: 32 },
        tooltip: tooltip("axis"),
        xAxis: { type: "category", data: labels, ...axis },
        yAxis: { type: "value", min: 0, ...axis },
        series: [{ name, type: "bar", data: values, color: palette[0] }],
    });

    const stickiness = (data) => ({
        option: bars(data.result.activeIntervals.map(String), data.result.persons, data.labels ? data.labels.persons : ""),
        click: (p) => drillLink(data, { bucket: data.result.activeIntervals[p.dataIndex] }),
    });

    const distribution = (data) => ({
        option: bars(data.result.buckets.map((b) => b.label), data.result.buckets.map((b) => b.persons), data.labels ? data.labels.persons : ""),
        click: () => null,
    });

    const paths = (data) => {
        const r = data.result;
        // Sankey needs unique names: a page can be a step more than once, so each node is "step. name".
        const key = (n) => n.step + ". " + n.name;
        return {
            option: {
                tooltip: tooltip("item"),
                series: [{
                    type: "sankey",
                    left: 8, right: 120, top: 8, bottom: 8,
                    nodeAlign: "left",
                    emphasis: { focus: "adjacency" },
                    data: r.nodes.map((n, i) => ({ name: key(n), itemStyle: { color: palette[n.step % palette.length] } })),
                    links: r.links.map((l) => ({ source: key(r.nodes[l.source]), target: key(r.nodes[l.target]), value: l.value })),
                    label: { color: muted },
                    lineStyle: { color: "gradient", opacity: 0.35 },
                }],
            },
            click: () => null,
        };
    };

    const builders = { trends, funnel, retention, lifecycle, stickiness, distribution, paths };

    const render = (holder, data) => {
        const build = builders[data.kind];
        const made = build ? build(data) : null;
        if (!made) {
            return;
        }

        const chart = window.echarts.init(holder, null, { renderer: "canvas" });
        chart.setOption({ animation: false, ...made.option });
        chart.on("click", (p) => {
            const href = made.click(p);
            if (href) {
                window.location.href = href;
            }
        });
        holder.dataset.ready = "true";
        window.addEventListener("resize", () => chart.resize());
    };

    window.yunyingCharts = { render };

    const builder = document.getElementById("insight-chart");
    const builderData = document.getElementById("insight-data");
    if (builder && builderData) {
        render(builder, JSON.parse(builderData.textContent));
    }

    document.querySelectorAll("[data-insight-chart]").forEach((holder) => {
        const data = holder.nextElementSibling;
        if (data && data.classList.contains("insight-data")) {
            render(holder, JSON.parse(data.textContent));
        }
    });
})();
