#include "load/workbook_archive.hpp"

#include "infra/file_io.hpp"
#include "infra/language/places.hpp"
#include "load/expat_library.hpp"
#include "load/workbook.hpp"
#include "shifan/infra/error.hpp"

#include <algorithm>
#include <cstring>
#include <new>

namespace shifan::detail {

namespace {

// minizip reads the archive through these callbacks, from the bytes in memory.
voidpf ZCALLBACK memory_open(voidpf opaque, const void*, int) { return opaque; }
uLong ZCALLBACK memory_read(voidpf, voidpf stream, void* buffer, uLong size) {
    auto* memory = static_cast<ZipMemory*>(stream);
    const std::uint64_t left = memory->bytes.size() - std::min<std::uint64_t>(memory->at, memory->bytes.size());
    const auto n = static_cast<uLong>(std::min<std::uint64_t>(size, left));
    if (n > 0) std::memcpy(buffer, memory->bytes.data() + memory->at, n);
    memory->at += n;
    return n;
}
uLong ZCALLBACK memory_write(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZCALLBACK memory_tell(voidpf, voidpf stream) { return static_cast<ZipMemory*>(stream)->at; }
long ZCALLBACK memory_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
    auto* memory = static_cast<ZipMemory*>(stream);
    std::uint64_t base = 0;
    if (origin == ZLIB_FILEFUNC_SEEK_CUR)
        base = memory->at;
    else if (origin == ZLIB_FILEFUNC_SEEK_END)
        base = memory->bytes.size();
    else if (origin != ZLIB_FILEFUNC_SEEK_SET)
        return -1;
    if (offset > memory->bytes.size() - std::min<std::uint64_t>(base, memory->bytes.size())) return -1;
    memory->at = base + offset;
    return 0;
}
int ZCALLBACK memory_close(voidpf, voidpf) { return 0; }
int ZCALLBACK memory_error(voidpf, voidpf) { return 0; }

std::string_view local_name(const char* name) {
    const std::string_view whole(name);
    const std::size_t bar = whole.rfind('|');
    return bar == std::string_view::npos ? whole : whole.substr(bar + 1);
}

void XMLCALL on_start(void* visitor, const XML_Char* name, const XML_Char** attributes) {
    static_cast<XmlVisitor*>(visitor)->start(local_name(name), attributes);
}
void XMLCALL on_end(void* visitor, const XML_Char* name) { static_cast<XmlVisitor*>(visitor)->end(local_name(name)); }
void XMLCALL on_text(void* visitor, const XML_Char* text, int length) {
    static_cast<XmlVisitor*>(visitor)->text(std::string_view(text, static_cast<std::size_t>(length)));
}

struct ParserFree {
    void operator()(XML_Parser parser) const { xml::XML_ParserFree(parser); }
};

} // namespace

std::string_view xml_attribute(const char** attributes, std::string_view name) {
    for (; attributes && attributes[0]; attributes += 2)
        if (local_name(attributes[0]) == name) return attributes[1];
    return {};
}

std::string resolve_part(std::string_view from_part, std::string_view target) {
    std::string path;
    if (target.starts_with('/')) {
        target.remove_prefix(1);
    } else {
        const std::size_t slash = from_part.rfind('/');
        if (slash != std::string_view::npos) path = std::string(from_part.substr(0, slash + 1));
    }
    // `..` and `.` segments, as some writers put them (`../xl/styles.xml`).
    std::size_t start = 0;
    while (start <= target.size()) {
        const std::size_t slash = std::min(target.find('/', start), target.size());
        const std::string_view segment = target.substr(start, slash - start);
        if (segment == "..") {
            if (!path.empty()) path.pop_back();
            const std::size_t up = path.rfind('/');
            path.resize(up == std::string::npos ? 0 : up + 1);
        } else if (!segment.empty() && segment != ".") {
            path += segment;
            if (slash < target.size()) path += '/';
        }
        start = slash + 1;
    }
    return path;
}

WorkbookArchive::WorkbookArchive(std::string_view bytes, std::string source)
    : source_(std::move(source)), memory_(std::make_unique<ZipMemory>(ZipMemory{bytes, 0})) {
    // An encrypted workbook is not a zip archive but a compound file (as old .xls files are).
    if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) fail(both(Msg::err_wb_encrypted));
    zlib_filefunc64_def functions{};
    functions.zopen64_file = memory_open;
    functions.zread_file = memory_read;
    functions.zwrite_file = memory_write;
    functions.ztell64_file = memory_tell;
    functions.zseek64_file = memory_seek;
    functions.zclose_file = memory_close;
    functions.zerror_file = memory_error;
    functions.opaque = memory_.get();
    try {
        zip_.reset(mz::unzOpen2_64("", &functions));
    } catch (const RuntimeLibraryUnavailable& unavailable) { // minizip is opened here, when first needed
        fail(cannot_read(unavailable.reason));
    }
    if (!zip_) fail(both(Msg::err_wb_not_zip));
    unz_global_info64 global{};
    if (mz::unzGetGlobalInfo64(zip_.get(), &global) != UNZ_OK) fail(both(Msg::err_wb_not_zip));
    if (global.number_entry > workbook_limits::max_entries)
        fail(both(Msg::err_wb_too_many_entries, arg("entries", global.number_entry),
                  arg("limit", workbook_limits::max_entries)));
    for (int status = mz::unzGoToFirstFile(zip_.get()); status == UNZ_OK; status = mz::unzGoToNextFile(zip_.get())) {
        unz_file_info64 info{};
        char name[1024];
        if (mz::unzGetCurrentFileInfo64(zip_.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
            fail(both(Msg::err_wb_damaged, arg("reason", "central directory")));
        if (info.flag & 1) fail(both(Msg::err_wb_encrypted_entry, arg("part", name)));
        unz64_file_pos position{};
        mz::unzGetFilePos64(zip_.get(), &position);
        parts_[name] =
            Part{position.pos_in_zip_directory, position.num_of_file, info.compressed_size, info.uncompressed_size};
        if (parts_.size() > workbook_limits::max_entries)
            fail(both(Msg::err_wb_too_many_entries, arg("entries", parts_.size()),
                      arg("limit", workbook_limits::max_entries)));
    }
}

void WorkbookArchive::fail(Bilingual problem) const { throw InputError(source_, Bilingual{}, std::move(problem)); }

void WorkbookArchive::parse(const std::string& part, XmlVisitor& visitor) {
    const auto found = parts_.find(part);
    if (found == parts_.end()) fail(both(Msg::err_wb_missing_part, arg("part", part)));
    const Part& entry = found->second;
    const auto in_part = [&](Bilingual problem) {
        return InputError(source_, both(Msg::place_part, arg("part", part)), std::move(problem));
    };
    // A part that says it is larger than the limits is refused before it is inflated; one that
    // says less and inflates to more is stopped when it passes them.
    const auto check = [&](std::uint64_t size) {
        if (size > workbook_limits::max_part_bytes)
            throw in_part(both(Msg::err_wb_part_too_large, arg("limit", workbook_limits::max_part_bytes)));
        if (inflated_ + size > workbook_limits::max_total_bytes)
            throw InputError(source_, Bilingual{},
                             both(Msg::err_wb_total_too_large, arg("limit", workbook_limits::max_total_bytes)));
        if (size > workbook_limits::ratio_floor_bytes &&
            size / std::max<std::uint64_t>(entry.compressed, 1) > workbook_limits::max_ratio)
            throw in_part(both(Msg::err_wb_ratio, arg("limit", workbook_limits::max_ratio),
                               arg("compressed", entry.compressed), arg("size", size)));
    };
    check(entry.size);
    // expat is opened here when first needed, before the part is.
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree> parser;
    try {
        parser.reset(xml::XML_ParserCreateNS(nullptr, '|'));
    } catch (const RuntimeLibraryUnavailable& unavailable) {
        fail(cannot_read(unavailable.reason));
    }
    if (!parser) throw std::bad_alloc(); // expat's only reason to return none
    unz64_file_pos position{entry.position, entry.offset};
    if (mz::unzGoToFilePos64(zip_.get(), &position) != UNZ_OK || mz::unzOpenCurrentFile(zip_.get()) != UNZ_OK)
        throw in_part(both(Msg::err_wb_damaged, arg("reason", "local header")));
    xml::XML_SetUserData(parser.get(), &visitor);
    xml::XML_SetElementHandler(parser.get(), on_start, on_end);
    xml::XML_SetCharacterDataHandler(parser.get(), on_text);
    const auto xml_problem = [&] {
        const auto line = xml::XML_GetCurrentLineNumber(parser.get());
        const auto column = xml::XML_GetCurrentColumnNumber(parser.get()) + 1;
        return InputError(
            source_, both(Msg::place_part_line_column, arg("part", part), arg("line", line), arg("column", column)),
            both(Msg::err_wb_xml, arg("reason", xml::XML_ErrorString(xml::XML_GetErrorCode(parser.get())))));
    };
    std::uint64_t size = 0;
    std::string buffer(std::size_t{1} << 16, '\0');
    try {
        for (;;) {
            const int n = mz::unzReadCurrentFile(zip_.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
            if (n < 0) throw in_part(both(Msg::err_wb_damaged, arg("reason", n == UNZ_CRCERROR ? "CRC" : "inflate")));
            size += static_cast<std::uint64_t>(n);
            check(size);
            if (xml::XML_Parse(parser.get(), buffer.data(), n, n == 0) == XML_STATUS_ERROR) throw xml_problem();
            if (n == 0) break;
        }
    } catch (...) {
        mz::unzCloseCurrentFile(zip_.get());
        throw;
    }
    if (mz::unzCloseCurrentFile(zip_.get()) == UNZ_CRCERROR)
        throw in_part(both(Msg::err_wb_damaged, arg("reason", "CRC")));
    inflated_ += size;
}

} // namespace shifan::detail
