package public

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers/form"
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
	return ts + "." + secret.Sign(key, "report:"+ts), nil
}

// stampAge checks a stamp's signature and returns how long ago it was made; ok is false for a
// stamp this site did not sign.
func (h *Handler) stampAge(stamp string) (age time.Duration, ok bool, err error) {
	key, err := h.reportKey()
	if err != nil {
		return 0, false, err
	}
	ts, sig, found := strings.Cut(stamp, ".")
	if !found || !secret.Equal(sig, secret.Sign(key, "report:"+ts)) {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return 0, false, nil
	}
	return h.Now().Sub(time.Unix(n, 0)), true, nil
}

func (h *Handler) renderReport(c *fiber.Ctx, status int, f *form.Report, msg string) error {
	stamp, err := h.stamp()
	if err != nil {
		return err
	}
	data := fiber.Map{"Title": "Report a correction", "Form": f, "Stamp": stamp, "Message": msg,
		"Sent": c.Query("sent") != ""}
	if slug := f.Endorser.Value; slug != "" {
		if e, err := h.Store.Endorser(slug); err == nil {
			data["Endorser"] = e
		}
	}
	if id := f.EventID(); id > 0 {
		if e, err := h.Store.Event(id); err == nil {
			data["Event"] = e
		}
	}
	return c.Status(status).Render("report", data)
}

// GET /report?endorser=&event=
func (h *Handler) ReportPage(c *fiber.Ctx) error {
	return h.renderReport(c, fiber.StatusOK, form.NewReport(c.Query("endorser"), c.Query("event")), "")
}

// POST /report
func (h *Handler) Report(c *fiber.Ctx) error {
	f := form.NewReport("", "")
	f.Read(c, h.Now())
	if c.FormValue(honeypotField) != "" {
		// A bot filled the field people cannot see: thank it and keep nothing.
		return c.Redirect("/report?sent=1", fiber.StatusSeeOther)
	}
	n, err := h.Store.ReportsFrom(h.ClientIP(c), h.Now().Add(-time.Hour))
	if err != nil {
		return err
	}
	if n >= reportsPerHour {
		return h.renderReport(c, fiber.StatusTooManyRequests, f, "Thank you, but we have had several reports from you in the last hour. Please try again later.")
	}
	errs := f.Validate()
	age, ok, err := h.stampAge(c.FormValue("stamp"))
	if err != nil {
		return err
	}
	if !ok || age > reportMaxAge {
		return h.renderReport(c, fiber.StatusUnprocessableEntity, f, "This form has expired. Please send it again.")
	} else if age < reportMinFill {
		return h.renderReport(c, fiber.StatusUnprocessableEntity, f, "That was quicker than a person can type. Please check the form and send it again.")
	}
	if len(errs) > 0 {
		return h.renderReport(c, fiber.StatusUnprocessableEntity, f, "")
	}
	r := &models.Report{Address: h.ClientIP(c), CreatedAt: h.Now().UTC()}
	f.Apply(r)
	if err := h.Store.CreateReport(r); err != nil {
		return err
	}
	return c.Redirect("/report?sent=1", fiber.StatusSeeOther)
}
