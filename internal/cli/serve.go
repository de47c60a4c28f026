package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/seed"
	"github.com/backers/backers/store"
)

// serveCommand is `backers [serve] [flags]`: it serves the site until SIGINT or SIGTERM.
func serveCommand(std streams, args []string) int {
	log := slog.New(slog.NewTextHandler(std.stderr, nil))
	cfg, _, err := parseConfig("backers", args, std.stderr, serverFlags)
	if err != nil {
		return 2
	}
	if err := serve(cfg, log); err != nil {
		log.Error("backers stopped", "err", err)
		return 1
	}
	return 0
}

// openStore opens the database and brings the seeded contests up to date: on an empty database
// it loads them, on one seeded before it adds only what the seed has gained.
func openStore(cfg Config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(cfg.DB, log)
	if err != nil {
		return nil, err
	}
	added, err := seed.All(st)
	if err != nil {
		st.Close()
		return nil, err
	}
	for slug, n := range added {
		log.Info("seeded", "contest", slug, "records", n, "db", store.RedactDSN(cfg.DB))
	}
	return st, nil
}

// newApp builds the web app for cfg over an open store; serve and the tests both call it.
func newApp(cfg Config, st *store.Store, log *slog.Logger) *fiber.App {
	return handlers.NewApp(&handlers.Handler{
		Store:          st,
		Log:            log,
		Now:            time.Now,
		CacheMaxAge:    cfg.CacheMaxAge,
		BaseURL:        cfg.BaseURL,
		SecureCookies:  cfg.SecureCookies,
		TrustedProxies: cfg.TrustedProxies,
	})
}

func serve(cfg Config, log *slog.Logger) error {
	st, err := openStore(cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	app := newApp(cfg, st, log)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Writes through other instances and commands reach this one's caches through the database.
	go st.Watch(ctx)
	errc := make(chan error, 1)
	go func() { errc <- app.Listen(cfg.Addr) }()
	log.Info("backers listening", "addr", cfg.Addr, "db", store.RedactDSN(cfg.DB))
	select {
	case err := <-errc:
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	if err := app.ShutdownWithTimeout(10 * time.Second); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
