#Requires -RunAsAdministrator
<#
.SYNOPSIS
  Installs or upgrades the Modality Link gateway as a Windows service. Run from the unzipped release folder.
.DESCRIPTION
  Program files go to -InstallDir (Program Files), config, keys, data and logs to -DataRoot (ProgramData).
  An upgrade stops the service, keeps the previous program folder as <InstallDir>.previous (for rollback),
  copies the new files and keeps the config, keys and data as they are. The service runs as the virtual
  account NT SERVICE\modality-link-gateway; only it and Administrators can read the keys and open the data.
  A fresh install is not started (it has no relay keys yet) unless -Start is given; an upgrade restarts
  the service if it was running.
#>
param(
  [string]$InstallDir = (Join-Path $env:ProgramFiles 'Modality Link Gateway'),
  [string]$DataRoot = (Join-Path $env:ProgramData 'Modality Link Gateway'),
  [switch]$Start
)
$ErrorActionPreference = 'Stop'
$Id = 'modality-link-gateway'
$Account = "NT SERVICE\$Id"
$Source = $PSScriptRoot

function Invoke-Native([string]$What, [scriptblock]$Command) {
  $output = & $Command 2>&1
  if ($LASTEXITCODE -ne 0) { throw "$What failed ($LASTEXITCODE): $output" }
  $output
}

# better-sqlite3's Windows addon cannot be built on the Linux build machines: the release machine adds it
# (see operations.md, "Windows release build"). Refuse before touching anything.
$addon = Join-Path $Source 'node_modules\better-sqlite3\build\Release\better_sqlite3.node'
if (-not (Test-Path $addon)) {
  throw "This release folder lacks $addon (the Windows build of better-sqlite3 for Node 20). Rebuild the zip on the release machine with --addon or --fetch-addon."
}

$existing = Get-Service -Name $Id -ErrorAction SilentlyContinue
$wasRunning = $existing -and $existing.Status -eq 'Running'
if ($existing -and $existing.Status -ne 'Stopped') {
  Stop-Service -Name $Id
  $existing.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(45))
}

# Program files: replace as a whole, keeping the previous version beside it for rollback.
$previous = "$InstallDir.previous"
if (Test-Path $InstallDir) {
  if (Test-Path $previous) { Remove-Item -Recurse -Force $previous }
  Move-Item $InstallDir $previous
}
New-Item -ItemType Directory -Force $InstallDir | Out-Null
Copy-Item -Recurse -Force (Join-Path $Source '*') $InstallDir

# Config, keys, data, logs. Existing files are never overwritten.
foreach ($dir in @($DataRoot, "$DataRoot\data", "$DataRoot\logs")) { New-Item -ItemType Directory -Force $dir | Out-Null }
if (-not (Test-Path "$DataRoot\gateway.yaml")) { Copy-Item "$InstallDir\config\gateway.yaml" "$DataRoot\gateway.yaml" }
$node = Join-Path $InstallDir 'node.exe'
$cli = Join-Path $InstallDir 'bin\modality-link-gateway.js'
if (-not (Test-Path "$DataRoot\gateway-signing-key.json")) {
  # `key --create` writes the key file the config names and prints the public key and fingerprint.
  $printed = Invoke-Native 'Generating the signing key' { & $node $cli key --create --config "$DataRoot\gateway.yaml" }
  $printed | Where-Object { $_ -match '^Gateway ' } | ForEach-Object { Write-Host $_ }
}
foreach ($file in 'listen.key', 'send.key') {
  if (-not (Test-Path "$DataRoot\$file")) { New-Item -ItemType File "$DataRoot\$file" | Out-Null }
}

# The service: WinSW registers it, then it gets its virtual account, a delayed start (after the network)
# and SCM recovery actions for WinSW itself (WinSW restarts node on its own, see the XML).
$wrapper = Join-Path $InstallDir "$Id-service.exe"
if (-not $existing) { Invoke-Native 'Registering the service' { & $wrapper install } | Out-Null }
Invoke-Native 'Setting the service account' { sc.exe config $Id obj= $Account start= delayed-auto } | Out-Null
Invoke-Native 'Setting recovery actions' { sc.exe failure $Id reset= 3600 actions= restart/10000/restart/10000/restart/60000 } | Out-Null
Invoke-Native 'Applying recovery to error exits' { sc.exe failureflag $Id 1 } | Out-Null

# ACLs (after the service exists, so its account resolves). Inheritance off: ProgramData lets Users read.
# *S-1-5-32-544 = Administrators, *S-1-5-18 = SYSTEM (language-independent). Backup software reads the
# data through the backup privilege, which ACLs do not stop.
$admins = '*S-1-5-32-544'; $system = '*S-1-5-18'
Invoke-Native 'Restricting the config folder' { icacls $DataRoot /inheritance:r /grant:r "${admins}:(OI)(CI)F" "${system}:(OI)(CI)F" "${Account}:(OI)(CI)RX" } | Out-Null
Invoke-Native 'Restricting the data folder' { icacls "$DataRoot\data" /inheritance:r /grant:r "${admins}:(OI)(CI)F" "${Account}:(OI)(CI)M" } | Out-Null
Invoke-Native 'Restricting the logs folder' { icacls "$DataRoot\logs" /inheritance:r /grant:r "${admins}:(OI)(CI)F" "${system}:(OI)(CI)F" "${Account}:(OI)(CI)M" } | Out-Null

$version = Invoke-Native 'Reading the version' { & $node $cli version }
Write-Host "Installed Modality Link gateway $version in $InstallDir; config and data in $DataRoot."
if ($Start -or $wasRunning) {
  Start-Service -Name $Id
  Write-Host "Started. Logs: $DataRoot\logs"
} else {
  Write-Host 'Not started. Edit gateway.yaml, set listen.key and send.key, run `modality-link-gateway check`, then Start-Service modality-link-gateway.'
}
