# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for logistic-lab (installed to
# share/bash-completion/completions/logistic-lab). Plain bash: it needs no
# helper from the bash-completion package.

_logistic_lab_files ()
{
    # $1: a pattern of extensions such as '@(npz|NPZ)'; folders always.
    local IFS=$'\n' cur=$2
    compopt -o filenames 2>/dev/null
    COMPREPLY=( $(compgen -d -- "$cur") )
    if [[ -n $1 ]]; then
        local file
        while IFS= read -r file; do
            [[ -d $file ]] && continue
            # shellcheck disable=SC2053
            [[ ${file,,} == $1 ]] && COMPREPLY+=( "$file" )
        done < <(compgen -f -- "$cur")
    fi
}

_logistic_lab ()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=${COMP_WORDS[COMP_CWORD-1]}
    local command=${COMP_WORDS[1]}
    local train_options='--dataset --classes --learning-rates --iterations --record-every
        --label --test-file --test-fraction --scaling --image-size --export --plot --plot-size --plot-log-scale --json --quiet
        --initial-w --initial-b --first-iterations --help'
    local classify_options='--weights --image-size --classes --json --help'
    local sweep_options='--dataset --classes --from --to --count --iterations --label --test-file --test-fraction --scaling --image-size
        --json --quiet --help'
    local landscape_options='--dataset --classes --learning-rates --iterations --record-every
        --grid --label --test-file --test-fraction --scaling --image-size --output --quiet --help'
    local step_options='--dataset --classes --initial-w --initial-b --learning-rate --iterations
        --label --test-file --test-fraction --scaling --image-size --json --help'
    local images='*.@(png|jpg|jpeg|bmp)'

    shopt -s extglob
    COMPREPLY=()
    if (( COMP_CWORD == 1 )); then
        if [[ $cur == -* ]]; then
            COMPREPLY=( $(compgen -W '--help --version' -- "$cur") )
        else
            COMPREPLY=( $(compgen -W 'train classify sweep landscape step' -- "$cur") )
            local saved=( "${COMPREPLY[@]}" )
            _logistic_lab_files "$images" "$cur"
            COMPREPLY=( "${saved[@]}" "${COMPREPLY[@]}" )
        fi
        return
    fi

    case $command in
    train)
        case $prev in
        -d|--dataset) _logistic_lab_files '*.@(h5|gz)' "$cur"; return ;;
        -e|--export) _logistic_lab_files '*.npz' "$cur"; return ;;
        -p|--plot) _logistic_lab_files '*.@(png|svg|pdf)' "$cur"; return ;;
        -l|--learning-rates) COMPREPLY=( $(compgen -W '0.5,0.1,0.01 0.005' -- "$cur") ); return ;;
        -c|--classes|-i|--iterations|-r|--record-every|--image-size|--plot-size|--initial-w|--initial-b) return ;;
        esac
        COMPREPLY=( $(compgen -W "$train_options" -- "$cur") )
        ;;
    sweep)
        case $prev in
        -d|--dataset) _logistic_lab_files '*.@(h5|gz)' "$cur"; return ;;
        -c|--classes|--from|--to|-n|--count|-i|--iterations|--image-size) return ;;
        esac
        COMPREPLY=( $(compgen -W "$sweep_options" -- "$cur") )
        ;;
    landscape)
        case $prev in
        -d|--dataset) _logistic_lab_files '*.@(h5|gz)' "$cur"; return ;;
        -o|--output) _logistic_lab_files '*.npz' "$cur"; return ;;
        -l|--learning-rates) COMPREPLY=( $(compgen -W '0.5,0.1,0.01' -- "$cur") ); return ;;
        -c|--classes|-i|--iterations|-r|--record-every|-g|--grid|--image-size) return ;;
        esac
        COMPREPLY=( $(compgen -W "$landscape_options" -- "$cur") )
        ;;
    step)
        case $prev in
        -d|--dataset)
            _logistic_lab_files '*.@(h5|gz)' "$cur"
            [[ builtin:propagate == "$cur"* ]] && COMPREPLY+=( builtin:propagate )
            return ;;
        -c|--classes|--initial-w|--initial-b|-l|--learning-rate|-i|--iterations|--image-size) return ;;
        esac
        COMPREPLY=( $(compgen -W "$step_options" -- "$cur") )
        ;;
    classify)
        case $prev in
        -w|--weights) _logistic_lab_files '*.npz' "$cur"; return ;;
        -c|--classes|--image-size) return ;;
        esac
        if [[ $cur == -?* ]]; then
            COMPREPLY=( $(compgen -W "$classify_options" -- "$cur") )
        else
            _logistic_lab_files "$images" "$cur"
        fi
        ;;
    *)
        _logistic_lab_files "$images" "$cur"
        ;;
    esac
}

complete -F _logistic_lab logistic-lab
