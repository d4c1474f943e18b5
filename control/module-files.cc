#include "control/module-files.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <string>
#include <vector>

#include <kj/filesystem.h>

namespace shoal {

namespace {

// Far more than any worker has; stops an accidental walk of a huge folder.
constexpr size_t MAX_MODULE_FILES = 2000;

bool isModuleName(const std::string& name) {
  auto endsWith = [&](const char* suffix) {
    size_t n = strlen(suffix);
    return name.size() >= n && name.compare(name.size() - n, n, suffix) == 0;
  };
  return endsWith(".js") || endsWith(".mjs");
}

void collect(const std::string& root, const std::string& relative,
             std::vector<std::string>& out) {
  std::string dir = relative.empty() ? root : root + "/" + relative;
  DIR* handle = opendir(dir.c_str());
  if (handle == nullptr) return;
  while (auto* entry = readdir(handle)) {
    std::string name = entry->d_name;
    if (name[0] == '.' || name == "node_modules" || out.size() >= MAX_MODULE_FILES) continue;
    std::string path = relative.empty() ? name : relative + "/" + name;
    struct stat info;
    if (stat((root + "/" + path).c_str(), &info) != 0) continue;
    if (S_ISDIR(info.st_mode)) {
      collect(root, path, out);
    } else if (S_ISREG(info.st_mode) && isModuleName(name)) {
      out.push_back(path);
    }
  }
  closedir(handle);
}

}  // namespace

kj::Vector<ModuleFile> readModuleFolder(kj::StringPtr folder) {
  std::vector<std::string> paths;
  collect(folder.cStr(), "", paths);
  std::sort(paths.begin(), paths.end());
  auto fs = kj::newDiskFilesystem();
  auto base = fs->getCurrentPath().evalNative(folder);
  kj::Vector<ModuleFile> modules;
  for (auto& path: paths) {
    auto file = fs->getRoot().openFile(base.eval(path.c_str()));
    modules.add(ModuleFile{kj::str(path.c_str()), file->readAllText()});
  }
  return modules;
}

}  // namespace shoal
