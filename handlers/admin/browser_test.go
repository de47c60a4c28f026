package admin_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/backers/backers/handlers/handlertest"
	"github.com/backers/backers/internal/browsertest"
)

// startBrowser starts headless Chromium for one test of at most a minute.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	ctx, _ := browsertest.NewTab(t, 800, 600) // headless Chromium's own default size
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestBrowserQuickAdd signs in, finds an endorser through the autocomplete, then quick-adds an
// endorsement by a new endorser whose name is hostile markup, and sees it as text on the
// contest's dashboard.
func TestBrowserQuickAdd(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	base := env.Serve(t)
	// Started after the server, so it is closed (with its connections) before the server stops.
	ctx := startBrowser(t)

	// A hostile name that ran as markup would open an alert: count them, and close them.
	var dialogs atomic.Int32
	opened := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range opened {
			if err != nil {
				return
			}
			dialogs.Add(1)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	step("open", chromedp.Navigate(base+"/admin/quick")) // redirects to the sign-in page
	step("sign in",
		chromedp.WaitVisible(`#email`),
		chromedp.SendKeys(`#email`, handlertest.AdminEmail),
		chromedp.SendKeys(`#password`, handlertest.Password),
		chromedp.Click(`form[action="/admin/login"] button[type=submit]`))
	step("signed in", chromedp.WaitVisible(`#admin-quick-endorser`))
	// The form is visible before its deferred script has run (the first request for a static
	// file compresses it, slow under the race detector): typing earlier would go unheard.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete"`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the quick-add page did not finish loading: %v", err)
	}
	// The autocomplete (static/admin.js) suggests a seeded endorser.
	step("autocomplete",
		chromedp.SendKeys(`#admin-quick-endorser`, "Kez"),
		chromedp.WaitReady(`#admin-quick-endorser-list option[value="Kezia Dugdale"]`))
	// (SetValue cannot set an empty value: clear the field by script.)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("admin-quick-endorser").value = ""; true`)); err != nil {
		t.Fatal(err)
	}
	step("quick add with a new endorser",
		chromedp.SendKeys(`#admin-quick-endorser`, hostileImg),
		chromedp.SetValue(`#admin-quick-new_kind`, "public-figure"),
		chromedp.SetValue(`#admin-quick-candidate`, "owen-smith"),
		chromedp.SetValue(`#admin-quick-effective_on`, "2016-09-24"),
		chromedp.SendKeys(`#admin-quick-source_url`, "https://www.itv.com/news/2016-08-20/sadiq-khan-backs-owen-smith-saying-labour-is-doing-badly-under-corbyn"),
		chromedp.Click(`form[action="/admin/quick"] button[type=submit]`),
		chromedp.WaitVisible(`p.notice`))
	notice := text(`p.notice`)
	step("dashboard", chromedp.Navigate(base+"/c/labour-2016"), chromedp.WaitVisible(`section.latest`))
	latest := text(`section.latest`)
	images, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("section.latest img").length`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notice, "Recorded: "+hostileImg+" endorses Owen Smith on 2016-09-24") {
		t.Errorf("notice after quick add: %q", notice)
	}
	if !strings.Contains(latest, hostileImg+" endorsed Owen Smith, effective 24 Sep 2016") {
		t.Errorf("dashboard's latest changes lack the new endorsement:\n%s", latest)
	}
	if images != 0 || dialogs.Load() != 0 {
		t.Errorf("hostile name ran as markup: %d images, %d dialogs", images, dialogs.Load())
	}
	if e, err := env.Store.EndorserByName(hostileImg); err != nil || e.Kind.Slug != "public-figure" {
		t.Errorf("new endorser: %+v %v", e, err)
	}
}

// TestBrowserImportWithPreview uploads a CSV through the page's script (with its progress
// bar), reads the preview, confirms, and finds the imported contest.
func TestBrowserImportWithPreview(t *testing.T) {
	env := handlertest.NewAdminEnv(t, false)
	base := env.Serve(t)
	ctx := startBrowser(t)
	file := filepath.Join(t.TempDir(), "fivethirtyeight-1972.csv")
	if err := os.WriteFile(file, fiveThirtyEight1972(t, 5), 0o600); err != nil {
		t.Fatal(err)
	}
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	step("sign in",
		chromedp.Navigate(base+"/admin/import"),
		chromedp.WaitVisible(`#email`),
		chromedp.SendKeys(`#email`, handlertest.AdminEmail),
		chromedp.SendKeys(`#password`, handlertest.Password),
		chromedp.Click(`form[action="/admin/login"] button[type=submit]`))
	// Wait by script for each page to have loaded: a node found while the sign-in's redirect
	// or the upload's answer is still replacing the document is gone by the next step
	// ("Could not find node with given id"), which a busy machine makes likely.
	loaded := func(what, selector string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for {
			// An evaluation cut short by the navigation itself fails; it is asked again.
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === 'complete' && document.querySelector('`+selector+`') !== null`))
			if err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not load: %v", what, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	loaded("the import page", `#import-file`)
	step("upload",
		chromedp.SetUploadFiles(`#import-file`, []string{file}),
		chromedp.Click(`#import-form button[type=submit]`))
	loaded("the preview", `#import-confirm`)
	// Read by script, not by node: a node id from just before the preview replaced the page
	// no longer exists ("No node with given id found").
	summary, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("section.admin").innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"5 rows: 5 endorse", "Contests to create (1)", "Ernest Hollings"} {
		if !strings.Contains(summary, want) {
			t.Errorf("preview lacks %q:\n%s", want, summary)
		}
	}
	step("confirm", chromedp.Click(`#import-confirm button[type=submit]`))
	loaded("the import's notice", `p.notice`)
	notice, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("p.notice").innerText`))
	if err != nil || !strings.Contains(notice, "Imported 5 rows") {
		t.Errorf("after import: %q %v", notice, err)
	}
	if ok, _ := env.Store.ContestExists("fte-1972d"); !ok {
		t.Error("the imported contest is not there")
	}
}
