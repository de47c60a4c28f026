package handlers_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestNoAudienceImportsAnother checks the rule of the rooms: each audience's package imports
// the kit and the layers below, never another audience's package, and the shared packages
// import no audience at all.
func TestNoAudienceImportsAnother(t *testing.T) {
	const mod = "github.com/backers/backers/handlers/"
	audiences := []string{"public", "embed", "api", "admin"}
	for _, dir := range append(slices.Clone(audiences), "kit", "form") {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", dir, err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				other, ok := strings.CutPrefix(path, mod)
				if ok && other != dir && slices.Contains(audiences, other) {
					t.Errorf("%s imports %s: no package of handlers/ may import an audience's but the router", file, path)
				}
			}
		}
	}
}
