// Renderings of a ValidationReport: a text table for people, JSON for tools, and a self-contained
// HTML page with inline SVG bar charts (no scripts, no external files) for the compliance file.
//
// Example:
//   std::cout << cordon::validate::FormatTable(report);
//
// Thread safety: pure functions.
#ifndef CORDON_VALIDATE_REPORT_H_
#define CORDON_VALIDATE_REPORT_H_

#include <cstddef>
#include <string>

#include "validate/runner.h"

namespace cordon::validate {

// A 95% confidence interval for a proportion of k in n: Wilson's score interval (E. B. Wilson,
// 1927), which Brown, Cai and DasGupta (Statistical Science, 2001) recommend for small counts:
// the normal approximation gives an interval of width zero at k = 0 and bounds below zero near
// it, and a culture's false positives are a handful in 2,000. {0, 0} when n is 0.
struct Interval {
  double lo = 0;
  double hi = 0;
};
Interval WilsonInterval(size_t k, size_t n);

// Whether a culture's false-positive rate (name only) is above twice the overall rate, the
// fairness target of the matching issue ("no culture's rate above twice the overall rate").
// `significant` when even the lower end of the culture's 95% interval is above it: with a
// handful of alerts in 2,000 names, a rate above the line by chance is common among 70 cultures,
// one whose whole interval is above it is not.
struct CultureFlag {
  bool above = false;
  bool significant = false;
};
CultureFlag FlagCulture(const CultureResult& culture, const ValidationReport& report);

std::string FormatTable(const ValidationReport& report);
std::string FormatJson(const ValidationReport& report);  // one JSON object, pretty-printed
std::string FormatHtml(const ValidationReport& report);

}  // namespace cordon::validate

#endif  // CORDON_VALIDATE_REPORT_H_
