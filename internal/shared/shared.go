// Package shared finds, for tests, the real-world data the project checks itself against: the
// files of ../shared/data beside the repository (its README says what each holds). They are
// not committed here. A test that needs one is skipped where it is missing, except in CI.
package shared

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// EnvRequire names the environment variable that makes a missing file a failure (.ci/run sets
// it); CI=true, as CI services set it, does too.
const EnvRequire = "BACKERS_REQUIRE_DATA"

// Path is the path of the file name of ../shared/data beside the repository that holds the
// test's working directory. Where the file is not there the test is skipped or, in CI, fails:
// the published figures are what the tests check the seed and the pages against.
func Path(t testing.TB, name string) string {
	t.Helper()
	root, err := repository()
	if err != nil {
		t.Fatalf("shared: %v", err)
	}
	path := filepath.Join(root, "..", "shared", "data", name)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" || os.Getenv(EnvRequire) == "1" {
			t.Fatalf("%s is not here (it lives in ../shared/data beside the repository), and CI requires it: %v", name, err)
		}
		t.Skipf("%s is not here (it lives in ../shared/data beside the repository; %s=1 or CI=true makes this a failure): %v", name, EnvRequire, err)
	}
	return path
}

// CSV is the rows of the CSV file name of ../shared/data, its header first, found as Path
// finds it.
func CSV(t testing.TB, name string) [][]string {
	t.Helper()
	f, err := os.Open(Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

// repository is the directory of go.mod above the working directory.
func repository() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
