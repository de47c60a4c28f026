package admin_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/store"
)

// fiveThirtyEight1972 turns the first rows of FiveThirtyEight's event log (CC BY 4.0, in
// importer/testdata) into the import format; extra rows are appended as they are.
func fiveThirtyEight1972(t *testing.T, n int, extra ...[]string) []byte {
	t.Helper()
	f, err := os.Open("../../importer/testdata/fivethirtyeight_endorsements_1972-2012_via_kparslow.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Read() // contest,endorsee,endorser,description,date,state,count,points,source,url
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"contest", "contest_title", "candidate", "endorser", "kind", "region", "date", "points", "source_title"})
	for i := 0; i < n; i++ {
		rec, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]string{"fte-" + strings.ToLower(rec[0]), "FiveThirtyEight " + rec[0], rec[1], rec[2], rec[3], rec[5], rec[4], rec[7], rec[8]})
	}
	for _, e := range extra {
		w.Write(e)
	}
	w.Flush()
	return b.Bytes()
}

func eventCount(t *testing.T, st *store.Store) int {
	t.Helper()
	contest, err := st.Contest("labour-2016")
	if err != nil {
		t.Fatal(err)
	}
	n, err := st.EventCount(contest.ID)
	if err != nil {
		t.Fatal(err)
	}
	exists, _ := st.ContestExists("fte-1972d")
	if exists {
		c, _ := st.Contest("fte-1972d")
		m, _ := st.EventCount(c.ID)
		n += m
	}
	return int(n)
}

func TestImportPreviewAndApply(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	admin := env.SignedIn(handlertest.AdminEmail)
	admin.Get("/admin/import")
	before := eventCount(t, env.Store)

	// A bad row: the preview lists it by line and nothing is written, even on confirm.
	bad := fiveThirtyEight1972(t, 3, []string{"fte-1972d", "", "Jackson", hostileScript, "U.S. Senator", "SC", "1971-02-30", "5", ""})
	r := admin.Upload("bad.csv", bad, "")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/import/") {
		t.Fatalf("upload: %d %q\n%s", r.Status, r.Header.Get("Location"), handlertest.Trim(r.Body))
	}
	preview := r.Header.Get("Location")
	handlertest.Expect(t, "preview of a bad file", admin.Get(preview), http.StatusUnprocessableEntity, []string{"<td>5</td><td>date</td>", "Nothing will be written"}, "Import it")
	handlertest.Expect(t, "confirming a bad file", admin.Post(preview, nil), http.StatusUnprocessableEntity, []string{"Nothing will be written"})
	if n := eventCount(t, env.Store); n != before {
		t.Fatalf("a bad file wrote %d events", n-before)
	}

	// Not a file, and another user's upload.
	handlertest.Expect(t, "no file", admin.Upload("empty.csv", nil, "application/json"), http.StatusUnprocessableEntity, []string{`"error":"The file is empty."`})
	big := bytes.Repeat([]byte("x"), handlers.MaxImportSize+1)
	handlertest.Expect(t, "too large", admin.Upload("big.csv", big, "application/json"), http.StatusRequestEntityTooLarge, []string{"larger than 20 MB"})
	editor := env.SignedIn(handlertest.EditorEmail)
	handlertest.Expect(t, "someone else's upload", editor.Get(preview), http.StatusNotFound, nil)

	// A good file, uploaded by the page's script: JSON says where the preview is.
	good := fiveThirtyEight1972(t, 4)
	r = admin.Upload("fivethirtyeight-1972.csv", good, "application/json")
	if r.Status != 200 || !strings.Contains(r.Body, `"next":"/admin/import/`) {
		t.Fatalf("upload by script: %d %s", r.Status, r.Body)
	}
	preview = r.Body[strings.Index(r.Body, "/admin/import/"):strings.LastIndex(r.Body, `"`)]
	editor.Get("/admin/import")
	er := editor.Upload("fivethirtyeight-1972.csv", good, "")
	handlertest.Expect(t, "editor may not create contests", editor.Get(er.Header.Get("Location")), http.StatusUnprocessableEntity,
		[]string{"this file creates contests, which only an admin may do"}, "Import it")
	handlertest.Expect(t, "preview", admin.Get(preview), 200, []string{"4 rows: 4 endorse", "Contests to create (1)", "fte-1972d: FiveThirtyEight 1972D",
		"Ernest Hollings", "Import it"})
	if r := admin.Post(preview, nil); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/admin/import?imported=4" {
		t.Fatalf("import: %d %q\n%s", r.Status, r.Header.Get("Location"), handlertest.Trim(r.Body))
	}
	if n := eventCount(t, env.Store); n != before+4 {
		t.Errorf("import wrote %d events, want 4", n-before)
	}
	es := env.Audit(store.AuditFilter{Entity: "import"})
	if len(es) != 1 || es[0].UserEmail != handlertest.AdminEmail || !strings.Contains(es[0].Summary, "Imported 4 events from fivethirtyeight-1972.csv") {
		t.Errorf("import audit: %+v", es)
	}
	handlertest.Expect(t, "public change log", admin.Get("/c/fte-1972d/changes"), 200, []string{"Imported 4 events"}, handlertest.AdminEmail)
	handlertest.Expect(t, "upload is gone", admin.Post(preview, nil), http.StatusNotFound, nil)
}

// A file imported again writes only what is new: the preview counts and lists, by line, the
// rows already recorded and those repeating an earlier line, and a file with nothing new
// offers nothing to confirm.
func TestImportSkipsRecordedEvents(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	admin := env.SignedIn(handlertest.AdminEmail)
	admin.Get("/admin/import")
	imp := func(name string, data []byte) string {
		t.Helper()
		r := admin.Upload(name, data, "")
		if r.Status != http.StatusSeeOther {
			t.Fatalf("upload %s: %d\n%s", name, r.Status, handlertest.Trim(r.Body))
		}
		return r.Header.Get("Location")
	}
	first := fiveThirtyEight1972(t, 4)
	if r := admin.Post(imp("first.csv", first), nil); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/admin/import?imported=4" {
		t.Fatalf("first import: %d %q", r.Status, r.Header.Get("Location"))
	}
	before := eventCount(t, env.Store)

	// The first four rows again, a fifth (a new endorser), and the fifth once more.
	waggoner := []string{"fte-1972d", "FiveThirtyEight 1972D", "Mills", "joe waggoner", "U.S. Representative", "LA", "1971-05-03", "1", "another source"}
	preview := imp("more.csv", fiveThirtyEight1972(t, 5, waggoner))
	handlertest.Expect(t, "preview", admin.Get(preview), 200, []string{
		"6 rows: 1 endorse, 0 nominate, 0 withdraw to create",
		`<p id="import-counts">1 event to create, 4 already recorded, 1 repeated in the file.</p>`,
		"Already recorded, skipped (4)", "<li>line 2: Ernest Hollings endorse Jackson on 1971-02-07</li>",
		"<li>line 5: Robert Nix endorse Mills on 1971-04-25</li>",
		"Repeated in the file, imported once (1)", "<li>line 7 repeats line 6: Joe Waggoner endorse Mills on 1971-05-03</li>",
		"Endorsers to create (1)", "Import it"}, "Nothing to import")
	if r := admin.Post(preview, nil); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/admin/import?imported=1&skipped=5" {
		t.Fatalf("import: %d %q\n%s", r.Status, r.Header.Get("Location"), handlertest.Trim(r.Body))
	}
	if n := eventCount(t, env.Store); n != before+1 {
		t.Errorf("import wrote %d events, want 1", n-before)
	}
	handlertest.Expect(t, "after the import", admin.Get("/admin/import?imported=1&skipped=5"), 200,
		[]string{"Imported 1 new event; 5 rows already recorded or repeated in the file were skipped."})
	es := env.Audit(store.AuditFilter{Entity: "import"})
	if len(es) != 2 || !strings.Contains(es[0].Summary, "Imported 1 events from more.csv: 1 endorse") {
		t.Errorf("import audit: %+v", es)
	}

	// The first file once more: all recorded, nothing to confirm, and confirming anyway
	// writes no event and no change log entry.
	preview = imp("first.csv", first)
	handlertest.Expect(t, "preview of a recorded file", admin.Get(preview), 200, []string{
		`<p id="import-counts">0 events to create, 4 already recorded.</p>`, "Already recorded, skipped (4)",
		"Nothing to import: every event in the file is already recorded."}, "Import it", "Repeated in the file")
	if r := admin.Post(preview, nil); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/admin/import?imported=0&skipped=4" {
		t.Fatalf("import of a recorded file: %d %q\n%s", r.Status, r.Header.Get("Location"), handlertest.Trim(r.Body))
	}
	if n := eventCount(t, env.Store); n != before+1 {
		t.Errorf("a recorded file wrote %d events", n-(before+1))
	}
	if es := env.Audit(store.AuditFilter{Entity: "import"}); len(es) != 2 {
		t.Errorf("a recorded file left %d change log entries, want none", len(es)-2)
	}
	handlertest.Expect(t, "after a recorded file", admin.Get("/admin/import?imported=0&skipped=4"), 200,
		[]string{"Imported 0 new events; 4 rows already recorded or repeated in the file were skipped."})
}
