// Command backers serves the endorsement tracker: `backers` serves it (creating and seeding
// the SQLite database on first start); `backers import FILE.csv` and `backers user add` manage
// its data from the command line, and `backers rebuild [-check]` recomputes (or checks) what the
// event log implies.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/seed"
	"github.com/backers/backers/store"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// Config is everything the server reads from flags and the environment.
type Config struct {
	Addr string
	DB   string
	// CacheMaxAge is the Cache-Control max-age of embeds, images, the API and exports.
	CacheMaxAge time.Duration
	// BaseURL is the public address of the site, for embed code, oEmbed and social cards.
	BaseURL string
	// SecureCookies marks session cookies Secure; set it when the site is served over HTTPS.
	SecureCookies bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For gives the client's address.
	TrustedProxies []string
}

// parseConfig reads flags, with environment variables as their defaults.
func parseConfig(name string, args []string, stderr io.Writer) (Config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg Config
	fs.StringVar(&cfg.Addr, "addr", envOr("BACKERS_ADDR", ":3000"), "address to listen on (env BACKERS_ADDR)")
	fs.StringVar(&cfg.DB, "db", envOr("BACKERS_DB", "backers.db"), "SQLite database file, or a postgres:// URL (env BACKERS_DB)")
	secure, err := envBool("BACKERS_SECURE_COOKIES")
	if err != nil {
		fmt.Fprintln(stderr, err)
		return cfg, nil, err
	}
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", secure,
		"mark cookies Secure, for HTTPS (env BACKERS_SECURE_COOKIES=1)")
	proxies := fs.String("trusted-proxies", envOr("BACKERS_TRUSTED_PROXIES", ""),
		"comma-separated IPs and CIDR ranges of reverse proxies whose X-Forwarded-For is believed (env BACKERS_TRUSTED_PROXIES)")
	fs.StringVar(&cfg.BaseURL, "base-url", envOr("BACKERS_BASE_URL", ""), "public address of the site, e.g. https://backers.example (env BACKERS_BASE_URL; default: the request's host)")
	maxAge, err := envDuration("BACKERS_CACHE_MAX_AGE", handlers.DefaultCacheMaxAge)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return cfg, nil, err
	}
	fs.DurationVar(&cfg.CacheMaxAge, "cache-max-age", maxAge, "Cache-Control max-age of embeds, images, API and exports (env BACKERS_CACHE_MAX_AGE)")
	if err := fs.Parse(args); err != nil {
		return cfg, nil, err
	}
	if cfg.TrustedProxies, err = handlers.ParseTrustedProxies(*proxies); err != nil {
		fmt.Fprintln(stderr, err)
		return cfg, nil, err
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
			fmt.Fprintf(stderr, "-base-url %q: want a scheme and host, like https://backers.example\n", cfg.BaseURL)
			return cfg, nil, errors.New("bad base URL")
		}
	}
	return cfg, fs.Args(), nil
}

// envBool reads a boolean ("1", "true", "0", "false") from the environment; anything else is an
// error rather than a silent "off", which would leave cookies insecure by a typo.
func envBool(key string) (bool, error) {
	v := envOr(key, "")
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: want 1, true, 0 or false", key, v)
	}
	return b, nil
}

// envDuration reads a duration ("90s", "5m") or a whole number of seconds from the environment.
func envDuration(key string, fallback time.Duration) (time.Duration, error) {
	v := envOr(key, "")
	if v == "" {
		return fallback, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		secs, aerr := strconv.Atoi(v)
		if aerr != nil {
			return 0, fmt.Errorf("%s: %w", key, err)
		}
		d = time.Duration(secs) * time.Second
	}
	return d, nil
}

func envOr(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return fallback
}

func run(args []string, stdout, stderr io.Writer) int {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if len(args) > 0 {
		switch args[0] {
		case "serve":
			args = args[1:]
		case "user":
			return userCommand(args[1:], os.Stdin, stdout, stderr)
		case "import":
			return runImport(args[1:], stdout, stderr)
		case "rebuild":
			return runRebuild(args[1:], stdout, stderr)
		}
	}
	cfg, _, err := parseConfig("backers", args, stderr)
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
