package admin

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/form"
	"github.com/backers/backers/models"
)

// reportView is a report in the editors' queue.
type reportView struct {
	models.Report
	Event  *models.Event
	Reject *form.Reject
}

func (h *Handler) renderReports(c *fiber.Ctx, status int, failed *form.Reject) error {
	open, err := h.Store.Reports(models.ReportOpen)
	if err != nil {
		return err
	}
	views := make([]reportView, len(open))
	for i, r := range open {
		views[i] = reportView{Report: r, Reject: form.NewReject(r.ID)}
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
	// A report about an event opens that event's correction form, filled in with the record
	// and showing the report; one about something missing opens a quick add.
	report := strconv.Itoa(int(r.ID))
	if r.EventID != nil {
		if e, err := h.Store.Event(*r.EventID); err == nil {
			return c.Redirect("/admin/events/"+strconv.Itoa(int(e.ID))+"?report="+report, fiber.StatusSeeOther)
		}
	}
	return c.Redirect("/admin/quick?report="+report, fiber.StatusSeeOther)
}

// POST /admin/reports/:id/reject
func (h *Handler) rejectReport(c *fiber.Ctx) error {
	r, err := routeRecord(c, h.Store.Report)
	if err != nil {
		return err
	}
	f := form.NewReject(r.ID)
	f.Read(c, h.Now())
	if len(f.Validate()) > 0 {
		return h.renderReports(c, fiber.StatusUnprocessableEntity, f)
	}
	if err := h.editor(c).ReviewReport(r.ID, models.ReportRejected, f.Note.Value); err != nil && !isDuplicate(err) {
		return err
	}
	return c.Redirect("/admin/reports", fiber.StatusSeeOther)
}
