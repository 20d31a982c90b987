#include "validate/report.h"

#include <fmt/format.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/strcat.h"

namespace cordon::validate {
namespace {

double Rate(size_t n, size_t d) { return d == 0 ? 0 : static_cast<double>(n) / d; }
std::string Pct(double x) { return fmt::format("{:.2f}%", 100 * x); }
std::string PctInterval(Interval i) {
  return fmt::format("{:.2f}-{:.2f}%", 100 * i.lo, 100 * i.hi);
}

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

nlohmann::json ExamplesJson(const std::vector<Example>& ex) {
  nlohmann::json out = nlohmann::json::array();
  for (const Example& e : ex) {
    out.push_back({{"query", e.query}, {"entity_id", e.entity_id}, {"detail", e.detail}});
  }
  return out;
}

std::string Header(const ValidationReport& r) {
  std::string out =
      StrCat("cordon validate: seed ", r.options.seed, ", threshold ",
             fmt::format("{:.2f}", r.options.threshold), ", ", r.entities, " entities in ",
             r.lists.size(), " lists, sample ",
             r.options.sample == 0 ? std::string("all") : StrCat(r.options.sample), "\n");
  for (const ListVersion& l : r.lists) {
    out += StrCat("  list ", l.list, " ", l.published, " ", l.content_hash.substr(0, 19), "\n");
  }
  if (!r.engine_version.empty()) out += StrCat("  engine ", r.engine_version, "\n");
  return out;
}

// One horizontal bar chart: a row per (label, value in [0,1]), with a dashed target line, and a
// whisker per row where `intervals` gives one (the row's 95% interval).
std::string BarChart(const std::string& title,
                     const std::vector<std::pair<std::string, double>>& rows, double scale_max,
                     double target, const std::string& color,
                     const std::vector<Interval>& intervals = {},
                     const std::string& target_label = "target") {
  constexpr int kLabel = 170, kWidth = 420, kRow = 18;
  const int height = 30 + kRow * static_cast<int>(rows.size());
  std::string svg = fmt::format(
      "<figure><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" "
      "height=\"{}\" font-family=\"sans-serif\" font-size=\"11\">",
      Escape(title), kLabel + kWidth + 70, height);
  for (size_t i = 0; i < rows.size(); ++i) {
    const int y = 10 + kRow * static_cast<int>(i);
    const double w = scale_max > 0 ? std::min(1.0, rows[i].second / scale_max) * kWidth : 0;
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{}\" y=\"{}\" "
        "width=\"{:.1f}\" "
        "height=\"{}\" fill=\"{}\"/><text x=\"{:.1f}\" y=\"{}\">{}</text>",
        kLabel - 4, y + 12, Escape(rows[i].first), kLabel, y + 2, w, kRow - 4, color,
        kLabel + w + 4, y + 12, Pct(rows[i].second));
    if (i < intervals.size() && scale_max > 0) {
      const double lo = kLabel + std::min(1.0, intervals[i].lo / scale_max) * kWidth;
      const double hi = kLabel + std::min(1.0, intervals[i].hi / scale_max) * kWidth;
      svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#333\"/>",
                         lo, y + 8, hi, y + 8);
    }
  }
  if (target > 0 && scale_max > 0) {
    const double x = kLabel + std::min(1.0, target / scale_max) * kWidth;
    svg += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"6\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#c00\" "
        "stroke-dasharray=\"4 3\"/><text x=\"{:.1f}\" y=\"{}\" fill=\"#c00\">{} {}</text>",
        x, x, height - 14, x + 3, height - 2, Escape(target_label), Pct(target));
  }
  return svg + "</svg></figure>\n";
}

// Targets of the matching issue: 98% recall per variant category, 0.5% false positives.
constexpr double kRecallTarget = 0.98;
constexpr double kFpTarget = 0.005;
// The fairness line: twice the overall false-positive rate (FlagCulture).
constexpr double kCultureFactor = 2.0;

std::string FlagText(CultureFlag f) {
  return f.significant ? "above 2x, significant" : f.above ? "above 2x" : "";
}

// Per culture: names, false positives name only and with a date of birth, each with its rate and
// 95% interval, and the fairness flag; then the overall line and the cultures flagged.
std::string CultureTable(const ValidationReport& r) {
  constexpr std::string_view kRow = "{:<16} {:>6} {:>5} {:>7} {:>12} {:>5} {:>7} {:>12}  {}\n";
  std::string out = fmt::format(fmt::runtime(std::string("\n").append(kRow)), "culture", "names",
                                "fp", "rate", "95% CI", "+dob", "rate", "95% CI", "flag");
  auto row = [&](std::string_view name, size_t n, size_t fp, size_t fp_dob, std::string_view flag) {
    return fmt::format(fmt::runtime(kRow), name, n, fp, Pct(Rate(fp, n)),
                       PctInterval(WilsonInterval(fp, n)), fp_dob, Pct(Rate(fp_dob, n)),
                       PctInterval(WilsonInterval(fp_dob, n)), flag);
  };
  std::string above, significant;
  for (const CultureResult& c : r.cultures) {
    const CultureFlag f = FlagCulture(c, r);
    out += row(c.culture, c.names, c.alerts_name_only, c.alerts_with_dob, FlagText(f));
    if (f.above) above += StrCat(above.empty() ? "" : ", ", c.culture);
    if (f.significant) significant += StrCat(significant.empty() ? "" : ", ", c.culture);
  }
  out += row("ALL", r.negatives, r.fp_name_only, r.fp_with_dob, "");
  out += fmt::format(
      "cultures above {}x the overall rate ({}, name only): {}; with the whole 95% "
      "interval above it: {}\n",
      kCultureFactor, Pct(kCultureFactor * Rate(r.fp_name_only, r.negatives)),
      above.empty() ? "none" : above, significant.empty() ? "none" : significant);
  return out;
}

nlohmann::json IntervalJson(size_t k, size_t n) {
  const Interval i = WilsonInterval(k, n);
  return nlohmann::json::array({i.lo, i.hi});
}

// Whether the report holds the variant and negative sections (not `--cross-script-only`).
bool HasMainSections(const ValidationReport& r) {
  return !r.categories.empty() || !r.cultures.empty();
}

std::string CrossScriptTitle(const CrossScriptReport& c) {
  size_t names = 0;
  for (const CrossScriptGroup& g : c.groups) {
    if (g.group == "all") names = g.names;
  }
  return fmt::format(
      "cross-script names ({}): split {}, {} of {} names, threshold {:.2f}; negatives: the {} "
      "Latin names of other clusters most similar by Jaro-Winkler",
      c.file.empty() ? "-" : c.file, c.split, names, c.rows, c.threshold, c.negatives_per_name);
}

std::string CrossScriptTable(const CrossScriptReport& c) {
  constexpr std::string_view kRow = "{:<20} {:>6} {:>8} {:>8} {:>7} {:>7} {:>15} {:>15} {:>9}\n";
  std::string out = "\n" + CrossScriptTitle(c) + "\n";
  out += fmt::format(fmt::runtime(kRow), "group", "names", "recall", "FP", "F1", "prec",
                     "best F1 (thr)", "JW F1 (thr)", "screened");
  for (const CrossScriptGroup& g : c.groups) {
    out += fmt::format(fmt::runtime(kRow), g.group, g.names, Pct(g.at_threshold.recall),
                       Pct(g.at_threshold.fp_rate), fmt::format("{:.3f}", g.at_threshold.f1),
                       fmt::format("{:.3f}", g.at_threshold.precision),
                       fmt::format("{:.3f} ({:.2f})", g.best.f1, g.best.threshold),
                       fmt::format("{:.3f} ({:.2f})", g.jw_best.f1, g.jw_best.threshold),
                       Pct(g.screen_recall()));
  }
  out +=
      "recall, FP, F1, prec: cordon at the threshold; best F1: cordon at its best threshold; JW: "
      "plain Jaro-Winkler over Any-Latin at its best; screened: found by screening against the "
      "lists without their non-Latin names\n";
  for (const CrossScriptGroup& g : c.groups) {
    if (g.group == "all") continue;
    for (const CrossScriptExample& e : g.misses) {
      out += fmt::format("  miss ({}): {} -> {} {:.2f}\n", g.group, e.original, e.other, e.score);
    }
    for (const CrossScriptExample& e : g.false_alerts) {
      out += fmt::format("  false positive ({}): {} -> {} {:.2f}\n", g.group, e.original, e.other,
                         e.score);
    }
  }
  return out;
}

nlohmann::json MetricsJson(const PairMetrics& m) {
  return {{"threshold", m.threshold},
          {"recall", m.recall},
          {"fp_rate", m.fp_rate},
          {"precision", m.precision},
          {"f1", m.f1}};
}

nlohmann::json CrossExamplesJson(const std::vector<CrossScriptExample>& ex) {
  nlohmann::json out = nlohmann::json::array();
  for (const CrossScriptExample& e : ex) {
    out.push_back({{"original", e.original}, {"other", e.other}, {"score", e.score}});
  }
  return out;
}

nlohmann::json CrossScriptJson(const CrossScriptReport& c) {
  nlohmann::json j = {{"split", c.split}, {"threshold", c.threshold}, {"rows", c.rows}};
  j["groups"] = nlohmann::json::array();
  for (const CrossScriptGroup& g : c.groups) {
    j["groups"].push_back({{"group", g.group},
                           {"names", g.names},
                           {"clusters", g.clusters},
                           {"negatives", g.negatives},
                           {"false_positives", g.false_positives},
                           {"at_threshold", MetricsJson(g.at_threshold)},
                           {"best", MetricsJson(g.best)},
                           {"jaro_winkler_best", MetricsJson(g.jw_best)},
                           {"screen_found", g.screen_found},
                           {"screening_recall", g.screen_recall()},
                           {"misses", CrossExamplesJson(g.misses)},
                           {"false_alerts", CrossExamplesJson(g.false_alerts)},
                           {"screening_misses", CrossExamplesJson(g.screen_misses)}});
  }
  return j;
}

std::string MainSectionsHtml(const ValidationReport& r) {
  std::vector<std::pair<std::string, double>> recall, fp, fp_dob;
  std::vector<Interval> fp_ci, fp_dob_ci;
  for (const CategoryResult& c : r.categories) recall.emplace_back(c.category, c.recall());
  double fp_max = kFpTarget * 2;
  for (const CultureResult& c : r.cultures) {
    const bool flagged = FlagCulture(c, r).above;
    fp.emplace_back(flagged ? c.culture + " (!)" : c.culture, Rate(c.alerts_name_only, c.names));
    fp_dob.emplace_back(c.culture, Rate(c.alerts_with_dob, c.names));
    fp_ci.push_back(WilsonInterval(c.alerts_name_only, c.names));
    fp_dob_ci.push_back(WilsonInterval(c.alerts_with_dob, c.names));
    fp_max = std::max(fp_max, fp.back().second);
  }
  const double line = kCultureFactor * Rate(r.fp_name_only, r.negatives);
  std::string out = "<h2>Recall per variant category</h2>\n";
  out +=
      BarChart("share of variants whose listed entity was found", recall, 1, kRecallTarget, "#3a7");
  out += "<h2>False positives per name culture</h2>\n";
  out += fmt::format(
      "<p>Bars: the share of a culture's negatives that alerted; whiskers: its 95% interval "
      "(Wilson); dashed line: twice the overall rate ({}). (!) marks a culture above it.</p>\n",
      Pct(line));
  out +=
      BarChart("negatives alerting, name only", fp, fp_max, line, "#d73", fp_ci, "twice overall");
  out += BarChart("negatives alerting, with a random date of birth", fp_dob, fp_max,
                  kCultureFactor * Rate(r.fp_with_dob, r.negatives), "#e95", fp_dob_ci,
                  "twice overall");
  if (r.baseline.computed) {
    const BaselineResult& b = r.baseline;
    out += "<h2>Against a plain Jaro-Winkler screener at equal recall</h2>\n";
    out += BarChart(fmt::format("false-positive rate on {} negatives (JW threshold {:.3f})",
                                b.negatives, b.jw_threshold),
                    {{"cordon", b.cordon_fp_rate}, {"Jaro-Winkler", b.jw_fp_rate}},
                    std::max({b.cordon_fp_rate, b.jw_fp_rate, kFpTarget}), kFpTarget, "#57a");
    out += BarChart(fmt::format("recall on {} generated variants", b.positives),
                    {{"cordon", b.cordon_recall}, {"Jaro-Winkler", b.jw_recall}}, 1, 0, "#3a7");
  }
  return out;
}

// Cross-script targets of the matching issue: pair F1 0.97 (Arabic script; 0.98 Cyrillic) and
// 99% screening recall; one F1 line at 0.97 keeps the chart readable.
constexpr double kCrossF1Target = 0.97;
constexpr double kCrossScreenTarget = 0.99;

std::string CrossScriptHtml(const CrossScriptReport& c) {
  std::vector<std::pair<std::string, double>> recall, fp, f1, screened;
  double fp_max = kFpTarget * 2;
  for (const CrossScriptGroup& g : c.groups) {
    recall.emplace_back(g.group, g.at_threshold.recall);
    fp.emplace_back(g.group, g.at_threshold.fp_rate);
    fp_max = std::max(fp_max, g.at_threshold.fp_rate);
    f1.emplace_back(g.group + ": cordon", g.at_threshold.f1);
    f1.emplace_back(g.group + ": cordon best", g.best.f1);
    f1.emplace_back(g.group + ": Jaro-Winkler", g.jw_best.f1);
    screened.emplace_back(g.group, g.screen_recall());
  }
  std::string out = "<h2>Names across scripts</h2>\n<p>" + Escape(CrossScriptTitle(c)) + "</p>\n";
  out += BarChart("recall: original-script name vs its Latin names, at the threshold", recall, 1, 0,
                  "#3a7");
  out += BarChart("false positives: the same names vs unrelated Latin list names", fp, fp_max, 0,
                  "#d73");
  out += BarChart("pair F1: cordon at the threshold, at its best, Jaro-Winkler at its best", f1, 1,
                  kCrossF1Target, "#57a");
  out += BarChart("screening recall against the lists without their non-Latin names", screened, 1,
                  kCrossScreenTarget, "#3a7");
  return out;
}
}  // namespace

Interval WilsonInterval(size_t k, size_t n) {
  if (n == 0) return {};
  // z for a two-sided 95% interval (the 97.5th percentile of the standard normal).
  constexpr double kZ = 1.959963984540054;
  const double nn = static_cast<double>(n), p = static_cast<double>(k) / nn, z2 = kZ * kZ;
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = kZ / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

CultureFlag FlagCulture(const CultureResult& c, const ValidationReport& r) {
  const double line = kCultureFactor * Rate(r.fp_name_only, r.negatives);
  CultureFlag f;
  f.above = c.names > 0 && Rate(c.alerts_name_only, c.names) > line;
  f.significant = f.above && WilsonInterval(c.alerts_name_only, c.names).lo > line;
  return f;
}

std::string FormatTable(const ValidationReport& r) {
  std::string out = Header(r);
  if (HasMainSections(r)) {
    out += fmt::format("\n{:<18} {:>8} {:>8} {:>9}\n", "category", "cases", "found", "recall");
    for (const CategoryResult& c : r.categories) {
      out +=
          fmt::format("{:<18} {:>8} {:>8} {:>9}\n", c.category, c.cases, c.found, Pct(c.recall()));
    }
    out += CultureTable(r);
  }
  if (r.baseline.computed) {
    const BaselineResult& b = r.baseline;
    out += fmt::format(
        "\nbaseline on {} variants and {} negatives: cordon recall {}, FP {}; Jaro-Winkler at "
        "threshold {:.3f}: recall {}, FP {}\n",
        b.positives, b.negatives, Pct(b.cordon_recall), Pct(b.cordon_fp_rate), b.jw_threshold,
        Pct(b.jw_recall), Pct(b.jw_fp_rate));
  }
  if (r.cross_script.computed) out += CrossScriptTable(r.cross_script);
  return out;
}

std::string FormatJson(const ValidationReport& r) {
  nlohmann::json j;
  j["seed"] = r.options.seed;
  j["sample"] = r.options.sample;
  j["threshold"] = r.options.threshold;
  j["entities"] = r.entities;
  j["engine_version"] = r.engine_version;
  for (const ListVersion& l : r.lists) {
    j["lists"].push_back({{"list", l.list}, {"published", l.published}, {"hash", l.content_hash}});
  }
  for (const CategoryResult& c : r.categories) {
    j["categories"].push_back({{"category", c.category},
                               {"cases", c.cases},
                               {"found", c.found},
                               {"recall", c.recall()},
                               {"misses", ExamplesJson(c.misses)}});
  }
  for (const CultureResult& c : r.cultures) {
    const CultureFlag f = FlagCulture(c, r);
    j["cultures"].push_back({{"culture", c.culture},
                             {"names", c.names},
                             {"fp_name_only", c.alerts_name_only},
                             {"fp_with_dob", c.alerts_with_dob},
                             {"fp_rate_name_only", Rate(c.alerts_name_only, c.names)},
                             {"fp_rate_with_dob", Rate(c.alerts_with_dob, c.names)},
                             {"fp_ci95_name_only", IntervalJson(c.alerts_name_only, c.names)},
                             {"fp_ci95_with_dob", IntervalJson(c.alerts_with_dob, c.names)},
                             {"above_twice_overall", f.above},
                             {"above_twice_overall_significant", f.significant},
                             {"examples", ExamplesJson(c.alerts)}});
  }
  if (HasMainSections(r)) {
    j["negatives"] = {{"names", r.negatives},
                      {"fp_name_only", r.fp_name_only},
                      {"fp_with_dob", r.fp_with_dob},
                      {"fp_rate_name_only", Rate(r.fp_name_only, r.negatives)},
                      {"fp_rate_with_dob", Rate(r.fp_with_dob, r.negatives)},
                      {"fp_ci95_name_only", IntervalJson(r.fp_name_only, r.negatives)},
                      {"fp_ci95_with_dob", IntervalJson(r.fp_with_dob, r.negatives)}};
  }
  if (r.baseline.computed) {
    const BaselineResult& b = r.baseline;
    j["baseline"] = {{"positives", b.positives},         {"negatives", b.negatives},
                     {"cordon_recall", b.cordon_recall}, {"cordon_fp_rate", b.cordon_fp_rate},
                     {"jw_threshold", b.jw_threshold},   {"jw_recall", b.jw_recall},
                     {"jw_fp_rate", b.jw_fp_rate}};
  }
  if (r.cross_script.computed) j["cross_script"] = CrossScriptJson(r.cross_script);
  return j.dump(2) + "\n";
}

std::string FormatHtml(const ValidationReport& r) {
  std::string out =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>cordon validation report</title>"
      "<style>body{font-family:sans-serif;max-width:900px;margin:2em auto}table{border-collapse:"
      "collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child{text-"
      "align:left}figcaption{font-weight:bold}</style></head><body><h1>cordon validation report"
      "</h1>\n<pre>" +
      Escape(Header(r)) + "</pre>\n";
  if (HasMainSections(r)) out += MainSectionsHtml(r);
  if (r.cross_script.computed) out += CrossScriptHtml(r.cross_script);
  out += "<h2>Figures</h2><pre>" + Escape(FormatTable(r)) + "</pre>\n</body></html>\n";
  return out;
}

}  // namespace cordon::validate
