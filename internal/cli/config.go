package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/backers/backers/handlers"
)

// Config is everything the commands read from flags and the environment. Every command reads
// DB; the rest is the server's, read by serve.
type Config struct {
	DB   string
	Addr string
	// CacheMaxAge is the Cache-Control max-age of embeds, images, the API and exports.
	CacheMaxAge time.Duration
	// BaseURL is the public address of the site, for embed code, oEmbed and social cards.
	BaseURL string
	// SecureCookies marks session cookies Secure; set it when the site is served over HTTPS.
	SecureCookies bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For gives the client's address.
	TrustedProxies []string
}

// flags declares some of a command's flags on its flag set, binding them to cfg or to the
// command's own variables, and returns a check to run once the arguments are parsed (nil for
// none): a bad value read from the environment is reported there, beside bad flags.
type flags func(fs *flag.FlagSet, cfg *Config) (check func() error)

// parseConfig is the one configuration parse: the environment supplies the defaults, args
// override them. Every command gets -db, declared here once; each passes the rest of what it
// reads (serverFlags, or flags of its own). It returns the arguments left after the flags.
// Problems are printed to stderr and returned.
func parseConfig(name string, args []string, stderr io.Writer, with ...flags) (Config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg Config
	fs.StringVar(&cfg.DB, "db", envOr("BACKERS_DB", "backers.db"), "SQLite database file, or a postgres:// URL (env BACKERS_DB)")
	var checks []func() error
	for _, f := range with {
		if check := f(fs, &cfg); check != nil {
			checks = append(checks, check)
		}
	}
	if err := fs.Parse(args); err != nil {
		return cfg, nil, err
	}
	for _, check := range checks {
		if err := check(); err != nil {
			fmt.Fprintln(stderr, err)
			return cfg, nil, err
		}
	}
	return cfg, fs.Args(), nil
}

// serverFlags are the settings only the server reads.
func serverFlags(fs *flag.FlagSet, cfg *Config) func() error {
	fs.StringVar(&cfg.Addr, "addr", envOr("BACKERS_ADDR", ":3000"), "address to listen on (env BACKERS_ADDR)")
	secure, secureErr := envBool("BACKERS_SECURE_COOKIES")
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", secure,
		"mark cookies Secure, for HTTPS (env BACKERS_SECURE_COOKIES=1)")
	proxies := fs.String("trusted-proxies", envOr("BACKERS_TRUSTED_PROXIES", ""),
		"comma-separated IPs and CIDR ranges of reverse proxies whose X-Forwarded-For is believed (env BACKERS_TRUSTED_PROXIES)")
	fs.StringVar(&cfg.BaseURL, "base-url", envOr("BACKERS_BASE_URL", ""), "public address of the site, e.g. https://backers.example (env BACKERS_BASE_URL; default: the request's host)")
	maxAge, maxAgeErr := envDuration("BACKERS_CACHE_MAX_AGE", handlers.DefaultCacheMaxAge)
	fs.DurationVar(&cfg.CacheMaxAge, "cache-max-age", maxAge, "Cache-Control max-age of embeds, images, API and exports (env BACKERS_CACHE_MAX_AGE)")
	return func() error {
		if err := errors.Join(secureErr, maxAgeErr); err != nil {
			return err
		}
		var err error
		if cfg.TrustedProxies, err = handlers.ParseTrustedProxies(*proxies); err != nil {
			return err
		}
		cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
		if cfg.BaseURL != "" {
			u, err := url.Parse(cfg.BaseURL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
				return fmt.Errorf("-base-url %q: want a scheme and host, like https://backers.example", cfg.BaseURL)
			}
		}
		return nil
	}
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

// commandFlags parses a subcommand's command line: the shared configuration (parseConfig) and
// the flags add declares, printing usage and the flags' defaults when they are wrong or asked for.
func commandFlags(std streams, name, usage string, args []string, add func(fs *flag.FlagSet)) (Config, []string, error) {
	return parseConfig(name, args, std.stderr, func(fs *flag.FlagSet, _ *Config) func() error {
		add(fs)
		fs.Usage = func() {
			fmt.Fprintln(std.stderr, usage)
			fs.PrintDefaults()
		}
		return nil
	})
}
