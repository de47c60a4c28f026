package admin

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/models"
	"github.com/backers/backers/store"
)

// Route is one /admin route. The list of them both registers the routes and is what the
// access test walks, so no admin route can go unguarded.
type Route struct {
	Method string
	Path   string
	Role   string // the least role it needs: models.RoleEditor or models.RoleAdmin
	JSON   bool   // answers JSON: 401 rather than a redirect to the sign-in page
	Handle fiber.Handler
}

// Routes lists every route under /admin except the sign-in page itself. Literal paths
// come before parameterised ones that would match them.
func (h *Handler) Routes() []Route {
	const ed, ad = models.RoleEditor, models.RoleAdmin
	return []Route{
		{"GET", "/admin", ed, false, h.adminHome},
		{"POST", "/admin/logout", ed, false, h.logout},
		{"GET", "/admin/audit", ed, false, h.audit},

		{"GET", "/admin/quick", ed, false, h.quickAddPage},
		{"POST", "/admin/quick", ed, false, h.quickAdd},
		{"GET", "/admin/endorsers/search", ed, true, h.searchEndorsers},
		{"GET", "/admin/endorsers", ed, false, h.adminEndorsers},
		{"GET", "/admin/endorsers/new", ed, false, h.newEndorserPage},
		{"POST", "/admin/endorsers", ed, false, h.createEndorser},
		{"GET", "/admin/endorsers/:slug", ed, false, h.endorserPage},
		{"POST", "/admin/endorsers/:slug", ed, false, h.updateEndorser},
		{"POST", "/admin/endorsers/:slug/withdraw", ed, false, h.withdrawEndorser},
		{"POST", "/admin/endorsers/:slug/switch", ed, false, h.switchEndorser},
		{"GET", "/admin/events", ed, false, h.adminEvents},
		{"GET", "/admin/events/:id", ed, false, h.eventPage},
		{"POST", "/admin/events/:id", ed, false, h.updateEvent},
		{"POST", "/admin/events/:id/retract", ed, false, h.retractEvent},

		{"GET", "/admin/users", ad, false, h.adminUsers},
		{"POST", "/admin/users", ad, false, h.createUser},
		{"POST", "/admin/users/:id/disable", ad, false, h.disableUser},
		{"GET", "/admin/contests", ad, false, h.adminContests},
		{"GET", "/admin/contests/new", ad, false, h.newContestPage},
		{"POST", "/admin/contests", ad, false, h.createContest},
		{"GET", "/admin/contests/:contest", ad, false, h.contestPage},
		{"POST", "/admin/contests/:contest", ad, false, h.updateContest},
		{"POST", "/admin/contests/:contest/rules", ad, false, h.saveRule},
		{"POST", "/admin/contests/:contest/thresholds", ad, false, h.addThreshold},
		{"GET", "/admin/contests/:contest/candidates/new", ad, false, h.newCandidatePage},
		{"POST", "/admin/contests/:contest/candidates", ad, false, h.createCandidate},
		{"GET", "/admin/contests/:contest/candidates/:candidate", ad, false, h.candidatePage},
		{"POST", "/admin/contests/:contest/candidates/:candidate", ad, false, h.updateCandidate},
		{"GET", "/admin/contests/:contest/data", ed, false, h.dataPage},
		{"POST", "/admin/contests/:contest/tallies", ed, false, h.addTally},
		{"POST", "/admin/contests/:contest/odds", ed, false, h.addOdds},
		{"POST", "/admin/contests/:contest/figures", ed, false, h.addFigure},
		{"POST", "/admin/contests/:contest/polls", ed, false, h.addPoll},
		{"GET", "/admin/contests/:contest/tallies", ed, false, h.adminTallies},
		{"GET", "/admin/contests/:contest/odds", ed, false, h.adminOdds},
		{"GET", "/admin/contests/:contest/figures", ed, false, h.adminFigures},
		{"GET", "/admin/contests/:contest/polls", ed, false, h.adminPolls},
		{"GET", "/admin/tallies/:id", ed, false, h.tallyPage},
		{"POST", "/admin/tallies/:id", ed, false, h.updateTally},
		{"GET", "/admin/odds/:id", ed, false, h.oddsPage},
		{"POST", "/admin/odds/:id", ed, false, h.updateOdds},
		{"GET", "/admin/figures/:id", ed, false, h.figurePage},
		{"POST", "/admin/figures/:id", ed, false, h.updateFigure},
		{"GET", "/admin/polls/:id", ed, false, h.pollPage},
		{"POST", "/admin/polls/:id", ed, false, h.updatePoll},

		{"GET", "/admin/import", ed, false, h.importPage},
		{"POST", "/admin/import", ed, false, h.uploadImport},
		{"GET", "/admin/import/:id", ed, false, h.importPreview},
		{"POST", "/admin/import/:id", ed, false, h.applyImport},

		{"GET", "/admin/reports", ed, false, h.adminReports},
		{"POST", "/admin/reports/:id/accept", ed, false, h.acceptReport},
		{"POST", "/admin/reports/:id/reject", ed, false, h.rejectReport},
	}
}

// session is the request's session; guard has put it there.
func session(c *fiber.Ctx) *models.Session { return c.Locals(sessionLocal).(*models.Session) }

// editor is the store's audited writer, acting as the signed-in user.
func (h *Handler) editor(c *fiber.Ctx) *store.Editor {
	u := session(c).User
	return h.Store.As(store.Actor{UserID: u.ID, Email: u.Email})
}

// renderAdmin renders an admin page with the user and the CSRF token every form needs.
func (h *Handler) renderAdmin(c *fiber.Ctx, status int, name string, data fiber.Map) error {
	sess := session(c)
	data["User"] = sess.User
	data["CSRF"] = sess.CSRFToken
	data["IsAdmin"] = sess.User.Role == models.RoleAdmin
	return c.Status(status).Render(name, data)
}

// GET /admin
func (h *Handler) adminHome(c *fiber.Ctx) error {
	contests, err := h.Store.Contests()
	if err != nil {
		return err
	}
	recent, err := h.Store.AuditEntries(store.AuditFilter{Limit: 15})
	if err != nil {
		return err
	}
	open, err := h.Store.Reports(models.ReportOpen)
	if err != nil {
		return err
	}
	return h.renderAdmin(c, fiber.StatusOK, "admin/home", fiber.Map{
		"Title": "Admin", "Contests": contests, "Recent": recent, "OpenReports": len(open),
	})
}

// GET /admin/audit?entity=&action=&user=&contest=&id=
func (h *Handler) audit(c *fiber.Ctx) error {
	f := store.AuditFilter{Entity: c.Query("entity"), Action: c.Query("action"), UserEmail: c.Query("user"),
		EntityID: uint(c.QueryInt("id")), Limit: 200}
	if slug := c.Query("contest"); slug != "" {
		contest, err := h.Store.Contest(slug)
		if err != nil {
			return err
		}
		f.ContestID = contest.ID
	}
	entries, err := h.Store.AuditEntries(f)
	if err != nil {
		return err
	}
	contests, err := h.Store.Contests()
	if err != nil {
		return err
	}
	return h.renderAdmin(c, fiber.StatusOK, "admin/audit", fiber.Map{
		"Title": "Audit trail", "Entries": entries, "Filter": f, "Contest": c.Query("contest"), "Contests": contests,
		"Entities": []string{"event", "import", "user", "endorser", "contest", "rule", "threshold", "candidate", "tally", "poll", "odds", "figure", "report"},
		"Actions": []string{models.AuditCreate, models.AuditEdit, models.AuditWithdraw, models.AuditSwitch,
			models.AuditRetract, models.AuditAccept, models.AuditReject},
	})
}

// GET /admin/endorsers/search?q=
func (h *Handler) searchEndorsers(c *fiber.Ctx) error {
	q := c.Query("q")
	if len(q) > 200 {
		q = q[:200]
	}
	matches, err := h.Store.EndorserMatches(q, 10)
	if err != nil {
		return err
	}
	return c.JSON(matches)
}

// isDuplicate reports whether err says the record already exists.
func isDuplicate(err error) bool { return errors.Is(err, store.ErrDuplicate) }
