package admin

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/importer"
	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// MaxImportSize is the largest CSV file the browser import takes.
const MaxImportSize = 20 << 20

// GET /admin/import?imported=&skipped=
func (h *Handler) importPage(c *fiber.Ctx) error {
	return h.renderAdmin(c, fiber.StatusOK, "admin/import", fiber.Map{"Title": "Import a CSV file",
		"Imported": c.QueryInt("imported"), "Skipped": c.QueryInt("skipped"), "Max": MaxImportSize >> 20,
		"Columns": importFormat, "Example": importExample})
}

// importExample is a small file in the import format, from the sources of the seeded 2016
// contest: what the import page shows and offers to download.
//
//go:embed import_example.csv
var importExample string

// GET /admin/import/example.csv
func (h *Handler) importExample(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="backers-import-example.csv"`)
	return c.SendString(importExample)
}

// importColumn is one column of the import format, as the import page documents it.
type importColumn struct{ Name, Required, What string }

// importFormat documents importer.Columns, in their order (a test holds the two together).
var importFormat = []importColumn{
	{"contest", "yes", "The contest's slug, as in /c/labour-2016."},
	{"contest_title", "to create a contest", "Its title, if the contest does not exist yet."},
	{"candidate", "yes", "The candidate's name within the contest; a new name creates a candidate."},
	{"endorser", "yes", "The endorser's name, matched without regard to case; a new name creates an endorser."},
	{"kind", "to create an endorser", "A kind's slug, name or plural (clp, CLPs); an existing endorser keeps its kind."},
	{"region", "no", "The endorser's region, set when the endorser is created."},
	{"action", "no", "endorse (the default), nominate or withdraw."},
	{"date", "yes", "The effective day, YYYY-MM-DD."},
	{"points", "no", "This event's weight (0 or more); without it the contest's weight for the kind applies."},
	{"source_url", "no", "An http or https address; without one the event is marked unsourced."},
	{"source_title", "no", "The source's title."},
	{"quote", "no", "A quote from the source; it may span lines."},
	{"status", "no", "Verification: confirmed, reported (the default) or disputed."},
}

// skippedListed is how many skipped rows of each sort the preview lists.
const skippedListed = 100

// importFailed answers a failed upload: JSON for the page's script, else the page again.
func (h *Handler) importFailed(c *fiber.Ctx, status int, msg string) error {
	if strings.Contains(c.Get("Accept"), "application/json") {
		return c.Status(status).JSON(fiber.Map{"error": msg, "status": status})
	}
	return h.renderAdmin(c, status, "admin/import", fiber.Map{"Title": "Import a CSV file", "Error": msg, "Max": MaxImportSize >> 20})
}

// POST /admin/import (multipart: file)
func (h *Handler) uploadImport(c *fiber.Ctx) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return h.importFailed(c, fiber.StatusUnprocessableEntity, "Choose a CSV file to upload.")
	}
	if fh.Size > MaxImportSize {
		return h.importFailed(c, fiber.StatusRequestEntityTooLarge, fmt.Sprintf("The file is larger than %d MB.", MaxImportSize>>20))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxImportSize+1))
	if err != nil {
		return err
	}
	if len(data) == 0 {
		return h.importFailed(c, fiber.StatusUnprocessableEntity, "The file is empty.")
	}
	name := fh.Filename
	if len(name) > 255 {
		name = name[:255]
	}
	up := &models.ImportUpload{UserID: session(c).UserID, Name: name, Data: data, CreatedAt: h.Now().UTC()}
	if err := h.Store.CreateImportUpload(up); err != nil {
		return err
	}
	next := "/admin/import/" + strconv.Itoa(int(up.ID))
	if strings.Contains(c.Get("Accept"), "application/json") {
		return c.JSON(fiber.Map{"next": next})
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

// importPlan parses a user's upload and checks it against the database.
func (h *Handler) importPlan(c *fiber.Ctx) (*models.ImportUpload, *importer.Plan, *importer.Report, importer.Errors, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return nil, nil, nil, nil, err
	}
	up, err := h.Store.ImportUpload(id, session(c).UserID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	plan, err := importer.ParseOn(bytes.NewReader(up.Data), h.Now())
	var rowErrs importer.Errors
	if errors.As(err, &rowErrs) {
		return up, plan, nil, rowErrs, nil
	}
	if err != nil {
		return nil, nil, nil, nil, err
	}
	rep, err := importer.Preview(h.Store, plan)
	if errors.As(err, &rowErrs) {
		return up, plan, nil, rowErrs, nil
	}
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if len(rep.Contests) > 0 && session(c).User.Role != models.RoleAdmin {
		rowErrs = importer.Errors{{Line: 1, Reason: "this file creates contests, which only an admin may do"}}
	}
	return up, plan, rep, rowErrs, nil
}

// GET /admin/import/:id
func (h *Handler) importPreview(c *fiber.Ctx) error {
	up, _, rep, rowErrs, err := h.importPlan(c)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if len(rowErrs) > 0 {
		status = fiber.StatusUnprocessableEntity
	}
	return h.renderAdmin(c, status, "admin/import_preview", previewData(up, rep, rowErrs))
}

// previewData is what the preview page shows: the report, with the first skipped rows of each
// sort, or the problems.
func previewData(up *models.ImportUpload, rep *importer.Report, rowErrs importer.Errors) fiber.Map {
	m := fiber.Map{"Title": "Import preview", "Upload": up, "Report": rep, "Errors": rowErrs, "MaxErrors": importer.MaxErrors}
	if rep != nil {
		m["Recorded"], m["Repeats"] = rep.Recorded[:min(len(rep.Recorded), skippedListed)], rep.Repeats[:min(len(rep.Repeats), skippedListed)]
	}
	return m
}

// POST /admin/import/:id
func (h *Handler) applyImport(c *fiber.Ctx) error {
	up, plan, rep, rowErrs, err := h.importPlan(c)
	if err != nil {
		return err
	}
	if len(rowErrs) > 0 {
		return h.renderAdmin(c, fiber.StatusUnprocessableEntity, "admin/import_preview", previewData(up, rep, rowErrs))
	}
	err = h.editor(c).Import(up.ID, func(tx *store.Store) ([]store.ImportedContest, error) {
		rep, err = importer.Apply(tx, plan, importer.Options{})
		if err != nil {
			return nil, err
		}
		return importSummaries(up.Name, rep), nil
	})
	var applyErrs importer.Errors
	if errors.As(err, &applyErrs) {
		return h.renderAdmin(c, fiber.StatusUnprocessableEntity, "admin/import_preview", previewData(up, nil, applyErrs))
	}
	if err != nil {
		return err
	}
	next := "/admin/import?imported=" + strconv.Itoa(rep.Events)
	if skipped := len(rep.Recorded) + len(rep.Repeats); skipped > 0 {
		next += "&skipped=" + strconv.Itoa(skipped)
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

// importSummaries says, per contest, how many events of each action a file brought; rows
// already recorded or repeated are not counted, and a contest the file brought nothing new to
// is left out.
func importSummaries(name string, rep *importer.Report) []store.ImportedContest {
	out := make([]store.ImportedContest, len(rep.Created))
	for i, c := range rep.Created {
		n := c.Actions
		out[i] = store.ImportedContest{Slug: c.Contest, Summary: fmt.Sprintf("Imported %d events from %s: %d endorse, %d nominate, %d withdraw",
			n[models.ActionEndorse]+n[models.ActionNominate]+n[models.ActionWithdraw], name,
			n[models.ActionEndorse], n[models.ActionNominate], n[models.ActionWithdraw])}
	}
	return out
}
