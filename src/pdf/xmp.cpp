#include "pdf/xmp.hpp"

#include "base/text.hpp"

#include <cstdio>

#include "pdf/pdf_format.hpp"

namespace cvpdf::pdf {
namespace {
}  // namespace

std::string xml_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    while (!s.empty()) {
        size_t len;
        const char32_t cp = decode_utf8(s, len);
        s.remove_prefix(len ? len : 1);
        switch (cp) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default:
            if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) break;
            append_utf8(out, cp);
        }
    }
    return out;
}

std::string xmp_date(int64_t ts) {
    const UtcTime t = utc_from_epoch(ts);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", t.year, t.month, t.day, t.hour, t.minute,
                  t.second);
    return buf;
}

std::string xmp_packet(const page::Metadata& m) {
    std::string x;
    x.reserve(1024);
    x += "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
         "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
         "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
         " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
         "<dc:format>application/pdf</dc:format>\n";
    auto alt = [&](const char* tag, const std::string& v) {
        if (v.empty()) return;
        x += std::string("<") + tag + "><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(v) +
             "</rdf:li></rdf:Alt></" + tag + ">\n";
    };
    auto simple = [&](const char* tag, const std::string& v) {
        if (v.empty()) return;
        x += std::string("<") + tag + ">" + xml_escape(v) + "</" + tag + ">\n";
    };
    alt("dc:title", m.title);
    if (!m.author.empty()) x += "<dc:creator><rdf:Seq><rdf:li>" + xml_escape(m.author) + "</rdf:li></rdf:Seq></dc:creator>\n";
    alt("dc:description", m.subject);
    if (!m.lang.empty()) x += "<dc:language><rdf:Bag><rdf:li>" + xml_escape(m.lang) + "</rdf:li></rdf:Bag></dc:language>\n";
    simple("pdf:Keywords", m.keywords);
    simple("pdf:Producer", m.producer);
    simple("xmp:CreatorTool", m.creator);
    if (m.timestamp >= 0) {
        const std::string d = xmp_date(m.timestamp);
        simple("xmp:CreateDate", d);
        simple("xmp:ModifyDate", d);
        simple("xmp:MetadataDate", d);
    }
    x += "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>";
    return x;
}

}  // namespace cvpdf::pdf
