// Renderings of a ValidationReport: a text table for people, JSON for tools, and a self-contained
// HTML page with inline SVG bar charts (no scripts, no external files) for the compliance file.
//
// Example:
//   std::cout << cordon::validate::FormatTable(report);
//
// Thread safety: pure functions.
#ifndef CORDON_VALIDATE_REPORT_H_
#define CORDON_VALIDATE_REPORT_H_

#include <string>

#include "validate/runner.h"

namespace cordon::validate {

std::string FormatTable(const ValidationReport& report);
std::string FormatJson(const ValidationReport& report);  // one JSON object, pretty-printed
std::string FormatHtml(const ValidationReport& report);

}  // namespace cordon::validate

#endif  // CORDON_VALIDATE_REPORT_H_
