#!/usr/bin/perl
# meta.pl SRCDIR (CTest `meta_json`): META.json is valid PGXN metadata and in
# step with the rest of the source tree.
#
# Valid: the rules of meta-spec 1.0.0 as PGXN::Meta::Validator (the validator
# PGXN runs on upload; Debian does not package it) applies them: the required
# keys, no unknown key (custom keys start with x_), semantic versions
# (major.minor.patch) everywhere a version goes, a known license name, terms,
# tags, prereq phases and relations, URLs.
# In step: name and version are stockhold.control's (default_version 1.3 is
# PGXN's 1.3.0), both abstracts are its comment, the files named exist, and
# debian/changelog, debian/copyright and LICENSE agree.
# The checks prove they can fail: broken copies of META.json must be refused.
use strict;
use warnings;
use JSON::PP;

my $src = shift // die "usage: meta.pl SRCDIR\n";

sub slurp {
    my ($file) = @_;
    open my $fh, '<:raw', "$src/$file" or die "FAIL: cannot read $file: $!\n";
    local $/;
    return scalar <$fh>;
}

our @errors;
sub err { push @errors, join '', @_ }

# ---- meta-spec 1.0.0 -------------------------------------------------------
my $semver = qr/\A(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)
                 (?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\z/x;
my %licenses = map { $_ => 1 } qw(agpl_3 apache_1_1 apache_2_0 artistic_1 artistic_2 bsd freebsd gfdl_1_2
    gfdl_1_3 gpl_1 gpl_2 gpl_3 lgpl_2_1 lgpl_3_0 mit mozilla_1_0 mozilla_1_1 openssl perl_5 postgresql
    qpl_1_0 ssleay sun zlib open_source restricted unrestricted unknown);

sub is_string { my ($v) = @_; return defined $v && !ref $v && length $v }
sub string    { my ($p, $v) = @_; is_string($v) or err "$p: must be a non-empty string" }
sub version   { my ($p, $v) = @_; is_string($v) && $v =~ $semver or err "$p: \"", $v // 'null', '" is not a semantic version (major.minor.patch)' }
sub term      { my ($p, $v) = @_; is_string($v) && length $v >= 2 && $v !~ m{[[:space:][:cntrl:]/\\]} or err "$p: \"", $v // 'null', '" is not a valid term' }
sub tag       { my ($p, $v) = @_; is_string($v) && length $v <= 256 && $v !~ m{[[:cntrl:]/\\]} or err "$p: \"", $v // 'null', '" is not a valid tag' }
sub url       { my ($p, $v) = @_; is_string($v) && $v =~ m{\A[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s]+} or err "$p: \"", $v // 'null', '" is not a URL' }
sub license   { my ($p, $v) = @_; is_string($v) && $licenses{$v} or err "$p: \"", $v // 'null', '" is not a license name of the spec' }
sub one_of    { my ($p, $v, @ok) = @_; is_string($v) && grep({ $_ eq $v } @ok) or err "$p: \"", $v // 'null', '" must be one of ', join ', ', @ok }
sub custom    { my ($p, $k) = @_; $k =~ /\Ax_/i or err $p || '/', ": unknown key \"$k\" (custom keys begin with x_)" }

sub list_of {  # a string is a one-element list
    my ($p, $v, $check) = @_;
    return $check->($p, $v) unless ref $v;
    ref $v eq 'ARRAY' && @$v or return err "$p: must be a string or a non-empty list";
    $check->("$p\[$_]", $v->[$_]) for 0 .. $#$v;
}

# map(PATH, VALUE, {key => [mandatory, check]}, OTHER): OTHER checks any other key (default: custom keys only)
sub map_of {
    my ($p, $v, $fields, $other) = @_;
    ref $v eq 'HASH' or return err "$p: must be an object";
    for my $k (sort keys %$fields) {
        err "$p/$k: required field is missing" if $fields->{$k}[0] && !defined $v->{$k};
    }
    for my $k (sort keys %$v) {
        if ($fields->{$k}) { $fields->{$k}[1]->("$p/$k", $v->{$k}) }
        elsif ($other)     { $other->("$p/$k", $k, $v->{$k}) }
        else               { custom($p, $k) }
    }
}

sub exversion {  # '1.2.3', '>= 1.2.3, < 2.0.0' or 0
    my ($p, $v) = @_;
    return if defined $v && !ref $v && $v eq '0';
    is_string($v) or return err "$p: must be a version range";
    for my $part (split /,\s*/, $v) {
        next if $part eq '0';
        my ($op, $ver) = $part =~ /\A(?:(<=|>=|==|!=|<|>)\s*)?(.*)\z/;
        version($p, $ver);
    }
}

sub validate {
    my ($meta) = @_;
    map_of('', $meta, {
        name           => [1, \&term],
        abstract       => [1, \&string],
        description    => [0, \&string],
        version        => [1, \&version],
        maintainer     => [1, sub { list_of(@_, \&string) }],
        license        => [1, sub {
            my ($p, $v) = @_;
            ref $v eq 'HASH' ? map_of($p, $v, {}, sub { url($_[0], $_[2]) }) : list_of($p, $v, \&license);
        }],
        provides       => [1, sub {
            my ($p, $v) = @_;
            ref $v eq 'HASH' && %$v or return err "$p: must be an object naming at least one extension";
            map_of($p, $v, {}, sub {
                my ($kp, $k, $ext) = @_;
                term($kp, $k);
                map_of($kp, $ext, { file => [1, \&string], version => [1, \&version],
                                    abstract => [0, \&string], docfile => [0, \&string] });
            });
        }],
        'meta-spec'    => [1, sub {
            map_of($_[0], $_[1], { version => [1, sub { one_of(@_, '1.0.0') }], url => [0, \&url] });
        }],
        generated_by   => [0, \&string],
        release_status => [0, sub { one_of(@_, qw(stable testing unstable)) }],
        tags           => [0, sub { list_of(@_, \&tag) }],
        no_index       => [0, sub {
            map_of($_[0], $_[1], { file => [0, sub { list_of(@_, \&string) }],
                                   directory => [0, sub { list_of(@_, \&string) }] });
        }],
        prereqs        => [0, sub {
            map_of($_[0], $_[1], {}, sub {
                my ($pp, $phase, $relations) = @_;
                $phase =~ /\A(?:configure|build|test|runtime|develop|x_.*)\z/i
                    or err "$pp: unknown prereq phase (configure, build, test, runtime, develop)";
                map_of($pp, $relations, {}, sub {
                    my ($rp, $relation, $terms) = @_;
                    $relation =~ /\A(?:requires|recommends|suggests|conflicts|x_.*)\z/i
                        or err "$rp: unknown prereq relation (requires, recommends, suggests, conflicts)";
                    map_of($rp, $terms, {}, sub { term($_[0], $_[1]); exversion($_[0], $_[2]) });
                });
            });
        }],
        resources      => [0, sub {
            map_of($_[0], $_[1], {
                homepage   => [0, \&url],
                license    => [0, sub { list_of(@_, \&url) }],
                bugtracker => [0, sub { map_of($_[0], $_[1], { web => [0, \&url],
                    mailto => [0, sub { is_string($_[1]) && $_[1] =~ /@/ or err "$_[0]: not an email address" }] }) }],
                repository => [0, sub { map_of($_[0], $_[1], { web => [0, \&url], url => [0, \&url],
                    type => [0, sub { is_string($_[1]) && $_[1] !~ /\p{Upper}/ or err "$_[0]: must be a lowercase string" }] }) }],
            });
        }],
    });
}

# ---- in step with the source tree ------------------------------------------
my $control = slurp('stockhold.control');
my ($default_version) = $control =~ /^default_version\s*=\s*'([^']+)'/m or die "FAIL: no default_version in stockhold.control\n";
my ($comment) = $control =~ /^comment\s*=\s*'([^']+)'/m or die "FAIL: no comment in stockhold.control\n";
# PGXN versions are semantic versions: an extension version 1.3 is 1.3.0.
my $pgxn_version = $default_version =~ /\A\d+\.\d+\z/ ? "$default_version.0" : $default_version;

sub in_step {
    my ($meta) = @_;
    ref $meta eq 'HASH' or return;
    ($meta->{name} // '') eq 'stockhold' or err "/name: must be stockhold (stockhold.control)";
    ($meta->{version} // '') eq $pgxn_version
        or err "/version: \"", $meta->{version} // 'null', "\" is not stockhold.control's default_version ($pgxn_version)";
    ($meta->{abstract} // '') eq $comment or err "/abstract: must be stockhold.control's comment";
    ($meta->{license} // '') eq 'postgresql' or err "/license: must be postgresql (LICENSE)";
    my $provides = ref $meta->{provides} eq 'HASH' ? $meta->{provides} : {};
    join(',', sort keys %$provides) eq 'stockhold' or err "/provides: must name exactly the extension stockhold";
    my $ext = ref $provides->{stockhold} eq 'HASH' ? $provides->{stockhold} : {};
    ($ext->{version} // '') eq $pgxn_version or err "/provides/stockhold/version: must be $pgxn_version";
    ($ext->{abstract} // '') eq $comment or err "/provides/stockhold/abstract: must be stockhold.control's comment";
    for my $f (qw(file docfile)) {
        is_string($ext->{$f}) && -f "$src/$ext->{$f}" or err "/provides/stockhold/$f: \"", $ext->{$f} // 'null', '" is not a file of the source tree';
    }
}

sub check {
    my ($meta) = @_;
    local @errors;
    validate($meta);
    in_step($meta);
    return @errors;
}

my $failed = 0;
sub ok {
    my ($good, $what, @detail) = @_;
    print $good ? "ok - $what\n" : "not ok - $what\n", map { "    $_\n" } @detail;
    $failed++ unless $good;
}

my $text = slurp('META.json');
my $meta = eval { JSON::PP->new->utf8->decode($text) };
ok(defined $meta, 'META.json is JSON', $@ ? $@ : ());
exit 1 unless defined $meta;
my @found = check($meta);
ok(!@found, "META.json is valid meta-spec 1.0.0 metadata of stockhold $pgxn_version", @found);

my ($changelog_version) = slurp('debian/changelog') =~ /\A\S+ \(([^)]+)\)/;
my $changelog_ok = ($changelog_version // '') eq $default_version;
ok($changelog_ok, "debian/changelog's version is default_version $default_version",
   $changelog_ok ? () : 'debian/changelog says ' . ($changelog_version // 'nothing'));
ok(slurp('debian/copyright') =~ /^License: PostgreSQL$/m, 'debian/copyright names the PostgreSQL License');
my $license = slurp('LICENSE');
ok($license =~ /\AThe PostgreSQL License\n/ && $license =~ /^Copyright \(c\) \d{4}, stockhold developers$/m
   && $license =~ /^Permission to use, copy, modify, and distribute this software/m,
   'LICENSE is the PostgreSQL License of stockhold developers');

# Broken copies must be refused, each for its own reason, by the rules that
# should catch it (the spec's rules alone, or the in-step checks alone).
my $two_part = join '.', (split /\./, $pgxn_version)[0, 1];
my @broken = (
    [\&validate, "a version that is not major.minor.patch ($two_part)", sub { $_[0]{version} = $two_part }],
    [\&validate, 'a missing abstract',            sub { delete $_[0]{abstract} }],
    [\&validate, 'a missing provides',            sub { delete $_[0]{provides} }],
    [\&validate, 'an unknown license name',       sub { $_[0]{license} = 'PostgreSQL License' }],
    [\&validate, 'an unknown key',                sub { $_[0]{homepage} = 'https://example.invalid/' }],
    [\&validate, 'a prereq that is not a version', sub { $_[0]{prereqs}{runtime}{requires}{PostgreSQL} = '15' }],
    [\&validate, 'an unknown release status',     sub { $_[0]{release_status} = 'final' }],
    [\&validate, 'an unknown meta-spec version',  sub { $_[0]{'meta-spec'}{version} = '2.0.0' }],
    [\&in_step,  'an extension version out of step', sub { $_[0]{provides}{stockhold}{version} = '0.9.0' }],
    [\&in_step,  'an abstract that is not the comment', sub { $_[0]{abstract} = 'Stock holds' }],
    [\&in_step,  'a provides file that does not exist', sub { $_[0]{provides}{stockhold}{file} = 'sql/stockhold.sql' }],
);
for my $case (@broken) {
    my ($rules, $what, $break) = @$case;
    my $copy = JSON::PP->new->decode(JSON::PP->new->encode($meta));
    $break->($copy);
    local @errors;
    $rules->($copy);
    ok(scalar @errors, "a META.json with $what is refused", @errors ? "($errors[0])" : 'nothing was found wrong');
}

print $failed ? "meta_json: $failed failed\n" : "meta_json: all passed\n";
exit($failed ? 1 : 0);
