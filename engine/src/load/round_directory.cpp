#include "load/round_directory.hpp"

#include "infra/file_io.hpp"
#include "infra/language/say.hpp"

#include <algorithm>

namespace shifan::detail {

bool table_extension(std::string ext) {
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".csv" || ext == ".tsv" || ext == ".txt";
}

namespace {

bool workbook_extension(std::string ext) {
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".xlsx" || ext == ".xls" || ext == ".xlsm" || ext == ".et" || ext == ".ods";
}

/// The table a file name belongs to (`fields.csv`, `fields-X01.csv`), or -1.
int table_of(const std::filesystem::path& name) {
    if (!table_extension(name.extension().string())) return -1;
    const std::string stem = name.stem().string();
    for (std::size_t t = 0; t < round_table_names.size(); ++t) {
        const std::string_view table = round_table_names[t];
        if (stem == table) return static_cast<int>(t);
        if (stem.size() > table.size() + 1 && stem.starts_with(table) && stem[table.size()] == '-')
            return static_cast<int>(t);
    }
    return -1;
}

} // namespace

RoundDirectory list_round_directory(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    RoundDirectory out;
    std::vector<fs::path> entries;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        entries.push_back(it->path());
    if (ec)
        throw InputError(dir.string(), {},
                         both(Msg::err_read_cannot_read_directory, arg("reason", system_reason(ec, Access::read))));
    std::sort(entries.begin(), entries.end());
    for (const fs::path& path : entries) {
        const fs::path name = path.filename();
        if (name.string().starts_with('.')) continue; // hidden: .DS_Store, .git …
        std::error_code kind;
        const bool directory = fs::is_directory(path, kind);
        const int table = directory ? -1 : table_of(name);
        if (table >= 0) {
            auto& files = out.tables[static_cast<std::size_t>(table)];
            // The file named exactly after its table is read first.
            if (name.stem() == round_table_names[static_cast<std::size_t>(table)])
                files.insert(files.begin(), path);
            else
                files.push_back(path);
            continue;
        }
        const Msg problem = directory                                       ? Msg::err_dir_subdirectory
                            : workbook_extension(name.extension().string()) ? Msg::err_dir_workbook
                                                                            : Msg::err_dir_unknown_file;
        out.problems.emplace_back(path.string(), Bilingual{}, both(problem, arg("name", name.string())));
    }
    return out;
}

} // namespace shifan::detail
