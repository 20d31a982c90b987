#include "lists/xml.h"
#include "testing/files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace cordon::lists {
namespace {

using ::testing::HasSubstr;

using ::cordon::test_support::ReadTestFile;

std::string Nested(int levels, std::string_view inner = "") {
  std::string s;
  for (int i = 0; i < levels; ++i) s += "<e>";
  s += inner;
  for (int i = 0; i < levels; ++i) s += "</e>";
  return s;
}

TEST(ParseXml, RealUnList) {
  const std::string bytes =
      ReadTestFile(CORDON_DATA_DIR "/lists/un/un_consolidated_2026-02-27.xml");
  pugi::xml_document doc;
  ASSERT_TRUE(ParseXml("un.xml", bytes, LoadOptions{}, &doc).ok());
  const pugi::xml_node root = doc.document_element();
  EXPECT_STREQ(root.name(), "CONSOLIDATED_LIST");
  // grep -c '<INDIVIDUAL>' and grep -c '<ENTITY>' on the file: 730 and 273.
  int people = 0, entities = 0;
  for (pugi::xml_node n : root.child("INDIVIDUALS").children("INDIVIDUAL")) {
    (void)n;
    ++people;
  }
  for (pugi::xml_node n : root.child("ENTITIES").children("ENTITY")) {
    (void)n;
    ++entities;
  }
  EXPECT_EQ(people, 730);
  EXPECT_EQ(entities, 273);
  const pugi::xml_node first = root.child("INDIVIDUALS").child("INDIVIDUAL");
  EXPECT_EQ(XmlText(first, "FIRST_NAME"), "ERIC");
  EXPECT_EQ(XmlLine(bytes, doc, first), 4u);  // see the head of the file
}

TEST(ParseXml, SyntaxErrorNamesLineAndByte) {
  const std::string bytes = "<a>\n  <b>x</b>\n  <c>y</d>\n</a>";
  pugi::xml_document doc;
  const absl::Status s = ParseXml("bad.xml", bytes, LoadOptions{}, &doc);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("bad.xml:3: byte "));
  EXPECT_THAT(std::string(s.message()), HasSubstr("xml: "));
}

TEST(ParseXml, RefusesEntityBomb) {
  const std::string bomb =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
      " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n"
      "<lolz>&lol2;</lolz>\n";
  pugi::xml_document doc;
  const absl::Status s = ParseXml("bomb.xml", bomb, LoadOptions{}, &doc);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("bomb.xml:3: byte 40"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("entity declarations are not allowed"));
}

TEST(ParseXml, DepthBudget) {
  LoadOptions o;
  o.max_xml_depth = 8;
  pugi::xml_document doc;
  EXPECT_TRUE(ParseXml("ok.xml", Nested(8, "x"), o, &doc).ok());
  const absl::Status s = ParseXml("deep.xml", Nested(9, "x"), o, &doc);
  ASSERT_FALSE(s.ok());
  // The ninth <e> starts at byte 24: the error says where, as the parser's own do.
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("deep.xml:1: byte 24: e: elements nested deeper than 8"));
  // Very deep input fails cleanly (no recursion on the way).
  const absl::Status huge = ParseXml("huge.xml", Nested(200000), LoadOptions{}, &doc);
  ASSERT_FALSE(huge.ok());
  EXPECT_THAT(std::string(huge.message()), HasSubstr("nested deeper than 64"));
}

// An attribute cut off at the end of the input: pugixml says the error is one byte past the end
// (found by iso20022_envelope_fuzz); the error is at the end.
TEST(ParseXml, ErrorAtTheEndIsInsideTheInput) {
  pugi::xml_document doc;
  const std::string cut = "<a>\n<b x=\"1\" y";
  const absl::Status s = ParseXml("cut.xml", cut, LoadOptions{}, &doc);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("cut.xml:2: byte " + std::to_string(cut.size()) + ": xml: "));
}

TEST(ParseXml, FieldBudget) {
  LoadOptions o;
  o.max_field_bytes = 10;
  pugi::xml_document doc;
  EXPECT_TRUE(ParseXml("ok.xml", "<a>\n<b>0123456789</b></a>", o, &doc).ok());
  const absl::Status s = ParseXml("long.xml", "<a>\n<b>0123456789x</b></a>", o, &doc);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("long.xml:2: byte 4: b: text longer than 10 bytes"));
}

TEST(ParseXml, EmptyAndNonXmlInput) {
  pugi::xml_document doc;
  EXPECT_FALSE(ParseXml("empty.xml", "", LoadOptions{}, &doc).ok());
  EXPECT_FALSE(ParseXml("csv.xml", "id,name\n1,x\n", LoadOptions{}, &doc).ok());
}

TEST(XmlText, CleansWhitespace) {
  pugi::xml_document doc;
  ASSERT_TRUE(ParseXml("t.xml", "<a><b>  Abu \n\t Bakr </b></a>", LoadOptions{}, &doc).ok());
  EXPECT_EQ(XmlText(doc.document_element(), "b"), "Abu Bakr");
  EXPECT_EQ(XmlText(doc.document_element(), "missing"), "");
  EXPECT_EQ(XmlText(doc.document_element().child("b")), "Abu Bakr");
}

TEST(XmlRootName, SkipsPrologAndNamespacePrefix) {
  EXPECT_EQ(XmlRootName("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<sdnList x=\"1\">"),
            "sdnList");
  EXPECT_EQ(XmlRootName("<ns2:export xmlns:ns2=\"x\">"), "export");
  EXPECT_EQ(XmlRootName(
                ReadTestFile(CORDON_DATA_DIR "/lists/canada/sema_2025-03-20.xml").substr(0, 4096)),
            "data-set");
  EXPECT_EQ(XmlRootName("id,name\n"), "");
  EXPECT_EQ(XmlRootName("<!-- never closed"), "");
  EXPECT_EQ(XmlRootName(""), "");
}

}  // namespace
}  // namespace cordon::lists
