// A directory of the server's own for the files a library can only write to a path (XLSX, DOCX
// outputs): private to the server's user (0700), emptied at start (what a crash left behind),
// and each output in a directory of its own removed as soon as it has been read back.
#pragma once

#include <filesystem>
#include <string>

namespace giamngheo::server {

class WorkDirectory {
  public:
    explicit WorkDirectory(std::filesystem::path root);

    class Scratch {
      public:
        explicit Scratch(const std::filesystem::path& root);
        ~Scratch();
        Scratch(const Scratch&) = delete;
        Scratch& operator=(const Scratch&) = delete;
        std::filesystem::path path;
    };
    [[nodiscard]] Scratch scratch() const { return Scratch(root_); }

  private:
    std::filesystem::path root_;
};

}  // namespace giamngheo::server
