package handlers

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/internal/secret"
	"github.com/backers/backers/models"
)

// Public reports: spam is kept out by a honeypot field, a minimum time to fill the form (from a
// timestamp signed by the server, so a bot cannot forge an old one) and a limit per address.
const (
	reportMinFill  = 3 * time.Second
	reportMaxAge   = 24 * time.Hour
	reportsPerHour = 5
	honeypotField  = "website"
)

func reportForm() *form {
	return &form{Action: "/report", Submit: "Send report", Fields: []*field{
		{Name: "endorser", Type: "hidden", Max: 120},
		{Name: "event", Type: "hidden", Max: 12},
		{Name: "message", Label: "What is missing or wrong?", Type: "textarea", Required: true, Max: 2000},
		{Name: "source_url", Label: "A source that shows it (URL)", Type: "url", Required: true},
		{Name: "contact", Label: "Your e-mail, if we may ask you about it (optional)", Type: "text", Max: 254},
	}}
}

// reportKeyName names the report form's signing key in the database.
const reportKeyName = "report-form-key"

// reportKey is the key that signs the report form's timestamp. It is kept in the database, so
// a form drawn by one instance is accepted by another that shares the database.
func (h *Handler) reportKey() ([]byte, error) {
	h.formKeyMu.Lock()
	defer h.formKeyMu.Unlock()
	if h.formKey == nil {
		key, err := h.Store.Secret(reportKeyName, func() string { return secret.Token(32) })
		if err != nil {
			return nil, err
		}
		h.formKey = []byte(key)
	}
	return h.formKey, nil
}

// stamp is a signed "the form was drawn at" time.
func (h *Handler) stamp() (string, error) {
	key, err := h.reportKey()
	if err != nil {
		return "", err
	}
	ts := strconv.FormatInt(h.Now().Unix(), 10)
	return ts + "." + sign(key, "report:"+ts), nil
}

// stampAge checks a stamp's signature and returns how long ago it was made; ok is false for a
// stamp this site did not sign.
func (h *Handler) stampAge(stamp string) (age time.Duration, ok bool, err error) {
	key, err := h.reportKey()
	if err != nil {
		return 0, false, err
	}
	ts, sig, found := strings.Cut(stamp, ".")
	if !found || !secret.Equal(sig, sign(key, "report:"+ts)) {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return 0, false, nil
	}
	return h.Now().Sub(time.Unix(n, 0)), true, nil
}

func (h *Handler) renderReport(c *fiber.Ctx, status int, f *form, msg string) error {
	stamp, err := h.stamp()
	if err != nil {
		return err
	}
	data := fiber.Map{"Title": "Report a correction", "Form": f, "Stamp": stamp, "Message": msg,
		"Sent": c.Query("sent") != ""}
	if slug := f.get("endorser"); slug != "" {
		if e, err := h.Store.Endorser(slug); err == nil {
			data["Endorser"] = e
		}
	}
	if id, _ := strconv.Atoi(f.get("event")); id > 0 {
		if e, err := h.Store.Event(uint(id)); err == nil {
			data["Event"] = e
		}
	}
	return c.Status(status).Render("report", data)
}

// GET /report?endorser=&event=
func (h *Handler) reportPage(c *fiber.Ctx) error {
	f := reportForm()
	f.set("endorser", c.Query("endorser"))
	f.set("event", c.Query("event"))
	return h.renderReport(c, fiber.StatusOK, f, "")
}

// POST /report
func (h *Handler) report(c *fiber.Ctx) error {
	f := reportForm()
	f.read(c)
	if c.FormValue(honeypotField) != "" {
		// A bot filled the field people cannot see: thank it and keep nothing.
		return c.Redirect("/report?sent=1", fiber.StatusSeeOther)
	}
	n, err := h.Store.ReportsFrom(h.clientIP(c), h.Now().Add(-time.Hour))
	if err != nil {
		return err
	}
	if n >= reportsPerHour {
		return h.renderReport(c, fiber.StatusTooManyRequests, f, "Thank you, but we have had several reports from you in the last hour. Please try again later.")
	}
	f.validate(h.Now())
	age, ok, err := h.stampAge(c.FormValue("stamp"))
	if err != nil {
		return err
	}
	if !ok || age > reportMaxAge {
		return h.renderReport(c, fiber.StatusUnprocessableEntity, f, "This form has expired. Please send it again.")
	} else if age < reportMinFill {
		return h.renderReport(c, fiber.StatusUnprocessableEntity, f, "That was quicker than a person can type. Please check the form and send it again.")
	}
	var eventID *uint
	if v := f.get("event"); v != "" {
		id, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			f.fail("message", "The endorsement this report is about is not known.")
		} else {
			u := uint(id)
			eventID = &u
		}
	}
	if !f.ok() {
		return h.renderReport(c, fiber.StatusUnprocessableEntity, f, "")
	}
	r := &models.Report{EndorserSlug: f.get("endorser"), EventID: eventID, Message: f.get("message"),
		SourceURL: f.get("source_url"), Contact: f.get("contact"), Address: h.clientIP(c), CreatedAt: h.Now().UTC(), Status: models.ReportOpen}
	if err := h.Store.CreateReport(r); err != nil {
		return err
	}
	return c.Redirect("/report?sent=1", fiber.StatusSeeOther)
}

// reportView is a report in the editors' queue.
type reportView struct {
	models.Report
	Event  *models.Event
	Reject *form
}

func rejectForm(id uint) *form {
	return &form{Action: "/admin/reports/" + strconv.Itoa(int(id)) + "/reject", Submit: "Reject", Fields: []*field{
		{Name: "note", Label: "Note", Type: "text", Required: true, Max: 1000},
	}}
}

func (h *Handler) renderReports(c *fiber.Ctx, status int, failed *form) error {
	open, err := h.Store.Reports(models.ReportOpen)
	if err != nil {
		return err
	}
	views := make([]reportView, len(open))
	for i, r := range open {
		views[i] = reportView{Report: r, Reject: rejectForm(r.ID)}
		if failed != nil && failed.Action == views[i].Reject.Action {
			views[i].Reject = failed
		}
		if r.EventID != nil {
			if e, err := h.Store.Event(*r.EventID); err == nil {
				views[i].Event = e
			}
		}
	}
	return h.renderAdmin(c, status, "admin/reports", fiber.Map{"Title": "Reports", "Reports": views})
}

// GET /admin/reports
func (h *Handler) adminReports(c *fiber.Ctx) error { return h.renderReports(c, fiber.StatusOK, nil) }

// POST /admin/reports/:id/accept
func (h *Handler) acceptReport(c *fiber.Ctx) error {
	r, err := routeRecord(c, h.Store.Report)
	if err != nil {
		return err
	}
	if err := h.editor(c).ReviewReport(r.ID, models.ReportAccepted, c.FormValue("note")); err != nil && !isDuplicate(err) {
		return err
	}
	to := "/admin/quick?report=" + strconv.Itoa(int(r.ID))
	if r.EventID != nil {
		if e, err := h.Store.Event(*r.EventID); err == nil {
			if contest, err := h.Store.ContestByID(e.ContestID); err == nil {
				to += "&contest=" + contest.Slug
			}
		}
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

// POST /admin/reports/:id/reject
func (h *Handler) rejectReport(c *fiber.Ctx) error {
	r, err := routeRecord(c, h.Store.Report)
	if err != nil {
		return err
	}
	f := rejectForm(r.ID)
	f.read(c)
	f.validate(h.Now())
	if !f.ok() {
		return h.renderReports(c, fiber.StatusUnprocessableEntity, f)
	}
	if err := h.editor(c).ReviewReport(r.ID, models.ReportRejected, f.get("note")); err != nil && !isDuplicate(err) {
		return err
	}
	return c.Redirect("/admin/reports", fiber.StatusSeeOther)
}
