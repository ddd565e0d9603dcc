# SPDX-License-Identifier: GPL-3.0-or-later
# fish completion for logistic-lab (installed to share/fish/vendor_completions.d).

set -l commands train classify sweep landscape step

complete -c logistic-lab -f
complete -c logistic-lab -n "not __fish_seen_subcommand_from $commands" -a train -d 'Train logistic regression and print the costs'
complete -c logistic-lab -n "not __fish_seen_subcommand_from $commands" -a classify -d 'Classify images with trained weights'
complete -c logistic-lab -n "not __fish_seen_subcommand_from $commands" -a sweep -d 'Compare many learning rates'
complete -c logistic-lab -n "not __fish_seen_subcommand_from $commands" -a landscape -d 'The cost surface the runs travel on'
complete -c logistic-lab -n "not __fish_seen_subcommand_from $commands" -a step -d 'One gradient-descent step with every number'
complete -c logistic-lab -n "not __fish_seen_subcommand_from $commands" -F -d 'Image to classify in the window'
complete -c logistic-lab -n "not __fish_seen_subcommand_from $commands" -s h -l help -d 'Show the commands, options and exit status'
complete -c logistic-lab -n "not __fish_seen_subcommand_from $commands" -l version -d 'Print the version'

# train
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -s h -l help -d 'Show the options and exit status'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -s d -l dataset -r -F -d 'The dataset folder or .h5 file'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -s c -l classes -x -d 'The binary task: POS or POS,NEG'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -s l -l learning-rates -x -a '0.5,0.1,0.01 0.005' -d 'Learning rates, comma-separated'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -s i -l iterations -x -d 'Gradient-descent iterations'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -s r -l record-every -x -d 'Record the cost every N iterations'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -l image-size -x -d 'Bring image-folder datasets to WxH'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -s e -l export -r -F -d 'Save the weights as .npz'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -s p -l plot -r -F -d 'Save the cost plot (PNG, SVG, PDF)'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -l plot-size -x -d 'Size of the plot image, WxH'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -l plot-log-scale -d "Log scale for the plot's cost axis"
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -s j -l json -d 'Print one JSON document'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -s q -l quiet -d 'No progress line'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -l initial-w -x -d 'The starting weights, one per feature'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -l first-iterations -x -d 'Record the cost of each of the first N iterations'
complete -c logistic-lab -n "__fish_seen_subcommand_from train" -l initial-b -x -d 'The starting bias'

# classify
complete -c logistic-lab -n "__fish_seen_subcommand_from classify" -F -d 'Image (- for standard input)'
complete -c logistic-lab -n "__fish_seen_subcommand_from classify" -s h -l help -d 'Show the options and exit status'
complete -c logistic-lab -n "__fish_seen_subcommand_from classify" -s w -l weights -r -F -d 'Trained weights (.npz)'
complete -c logistic-lab -n "__fish_seen_subcommand_from classify" -l image-size -x -d 'The image size the weights expect, WxH'
complete -c logistic-lab -n "__fish_seen_subcommand_from classify" -s c -l classes -x -d 'Names for label 1 and label 0'
complete -c logistic-lab -n "__fish_seen_subcommand_from classify" -s j -l json -d 'Print one JSON array'

# sweep
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -s h -l help -d 'Show the options and exit status'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -s d -l dataset -r -F -d 'The dataset folder or .h5 file'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -s c -l classes -x -d 'The binary task: POS or POS,NEG'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -l from -x -d 'The smallest learning rate'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -l to -x -d 'The largest learning rate'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -s n -l count -x -d 'How many rates, log-spaced'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -s i -l iterations -x -d 'Gradient-descent iterations for each rate'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -l label -x -d 'Tables: the label column'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -l test-file -r -F -d 'Tables: a separate test table'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -l test-fraction -x -d 'Tables: the share set aside for testing'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -l scaling -x -a 'none max max:255 standardize' -d 'Feature scaling'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -l image-size -x -d 'Bring image-folder datasets to WxH'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -s j -l json -d 'Print one JSON document'
complete -c logistic-lab -n "__fish_seen_subcommand_from sweep" -s q -l quiet -d 'No progress line'

# landscape
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -s h -l help -d 'Show the options and exit status'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -s d -l dataset -r -F -d 'The dataset folder or .h5 file'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -s c -l classes -x -d 'The binary task: POS or POS,NEG'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -s l -l learning-rates -x -a '0.5,0.1,0.01' -d 'Learning rates whose paths to show'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -s i -l iterations -x -d 'Gradient-descent iterations'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -s r -l record-every -x -d 'A path point every N iterations'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -s g -l grid -x -d 'Grid points along each direction'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -l label -x -d 'Tables: the label column'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -l test-file -r -F -d 'Tables: a separate test table'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -l test-fraction -x -d 'Tables: the share set aside for testing'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -l scaling -x -a 'none max max:255 standardize' -d 'Feature scaling'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -l image-size -x -d 'Bring image-folder datasets to WxH'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -s o -l output -r -F -d 'The surface and the paths (.npz)'
complete -c logistic-lab -n "__fish_seen_subcommand_from landscape" -s q -l quiet -d 'No progress line'

# step
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -s h -l help -d 'Show the options and exit status'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -s d -l dataset -r -F -a 'builtin:propagate' -d 'The dataset, or builtin:propagate'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -s c -l classes -x -d 'The binary task: POS or POS,NEG'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -l initial-w -x -d 'The starting weights, one per feature'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -l initial-b -x -d 'The starting bias'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -s l -l learning-rate -x -d 'The learning rate'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -s i -l iterations -x -d 'Show the step after this many updates'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -l label -x -d 'Tables: the label column'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -l test-file -r -F -d 'Tables: a separate test table'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -l test-fraction -x -d 'Tables: the share set aside for testing'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -l scaling -x -a 'none max max:255 standardize' -d 'Feature scaling'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -l image-size -x -d 'Bring image-folder datasets to WxH'
complete -c logistic-lab -n "__fish_seen_subcommand_from step" -s j -l json -d 'Print one JSON document'
