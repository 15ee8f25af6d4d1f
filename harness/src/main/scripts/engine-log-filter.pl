#!/usr/bin/perl
# Filters qbench's standard error (the launcher pipes it through here): libtorch's C++ warnings, lines like
#   [W1201 14:50:00.123456789 NNPACK.cpp:62] Could not initialize NNPACK! Reason: Unsupported hardware.
# are shown once per message text; repeats are counted and summed up in one line at the end. Everything else,
# progress bars redrawn with carriage returns included, passes through unchanged and unbuffered.
use strict;
use warnings;

$| = 1;
my %seen;
my $hidden = 0;
my $pending = '';    # an engine line split across two reads

while (sysread(STDIN, my $chunk, 65536)) {
    $chunk = $pending . $chunk;
    $pending = '';
    # Hold back a trailing partial line only when it looks like the start of an engine warning.
    if ($chunk =~ /(\[W[^\n\r]*)\z/ && length($1) < 4096) {
        $pending = $1;
        $chunk = substr($chunk, 0, length($chunk) - length($pending));
    }
    $chunk =~ s{^\[W\S*\s+\S+\s+\S+\]\s*([^\n]*)\n}{
        $seen{$1}++ ? do { $hidden++; '' } : "[W] $1 (libtorch; repeats hidden)\n"
    }gme;
    print STDERR $chunk;
}
print STDERR $pending;
print STDERR "qbench: $hidden repeated libtorch warning line(s) hidden (QBENCH_RAW_LOG=1 shows them)\n" if $hidden;
